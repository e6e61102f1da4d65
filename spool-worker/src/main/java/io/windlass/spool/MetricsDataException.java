package io.windlass.spool;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Bad metric data: a metric a recorder refuses (undeclared key, malformed value, bad label), or a
 * spool file that cannot be decoded. The message names the metric or file and the broken rule.
 * Juju's {@code errMetricsData}; test for it with {@link #isMetricsDataError(Throwable)}.
 */
public final class MetricsDataException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Bad data, described by {@code message}. */
  public MetricsDataException(String message) {
    super(message);
  }

  /** Bad data, described by {@code message}, found because of {@code cause}. */
  public MetricsDataException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether {@code error}, or any error in its cause chain, is a {@link MetricsDataException}: the
   * Java counterpart of Juju's {@code IsMetricsDataError}, which looks through wrapping errors.
   */
  public static boolean isMetricsDataError(@Nullable Throwable error) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof MetricsDataException) {
        return true;
      }
    }
    return false;
  }
}
