package io.windlass.manifolds.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

/**
 * Drops Guava {@code ServiceManager}'s {@code Service ... has failed in the ... state.} errors
 * (logged through java.util.logging as SEVERE, with a stack trace). The engine hosts one supervisor
 * per manifold in a {@code ServiceManager}, so every such line repeats a failure the engine has
 * logged already ({@code manifold "x": worker failed: ...}) and acts on; the agent's log keeps the
 * engine's line and drops the repetition. Everything else the {@code ServiceManager} logs passes,
 * as does every other logger's event.
 */
public final class ServiceManagerFailureFilter extends TurboFilter {

  /** The logger Guava's {@code ServiceManager} logs to. */
  static final String LOGGER = "com.google.common.util.concurrent.ServiceManager";

  @Override
  public FilterReply decide(
      @Nullable Marker marker,
      Logger logger,
      Level level,
      @Nullable String format,
      Object @Nullable [] params,
      @Nullable Throwable t) {
    if (format != null
        && logger.getName().equals(LOGGER)
        && format.startsWith("Service ")
        && format.contains(" has failed in the ")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
