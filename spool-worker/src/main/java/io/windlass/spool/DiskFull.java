package io.windlass.spool;

import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Tells a failure caused by the spool's file system running out of room ({@code ENOSPC}, or the
 * user's quota, {@code EDQUOT}) from other I/O failures, so that writers can answer it as what it
 * is: a condition that passes once room is made, not a fault of the request or of the agent. The
 * JDK reports both as a plain {@link IOException} whose message is the system's text for the error,
 * which is what is looked for, along the chain of causes.
 */
public final class DiskFull {

  /** How writers describe the condition to their clients: {@value}. */
  public static final String MESSAGE = "spool disk is full";

  private DiskFull() {}

  /** Whether {@code failure}, or one of its causes, is the file system having no room left. */
  public static boolean isCauseOf(@Nullable Throwable failure) {
    for (Throwable t = failure, previous = null; t != null && t != previous; ) {
      if (t instanceof IOException && isNoSpaceText(t.getMessage())) {
        return true;
      }
      previous = t;
      t = t.getCause();
    }
    return false;
  }

  private static boolean isNoSpaceText(@Nullable String message) {
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("no space left on device")
        || text.contains("disk quota exceeded")
        || text.contains("not enough space on the disk");
  }
}
