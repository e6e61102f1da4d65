package io.windlass.engine.internal;

import com.google.inject.spi.ElementSource;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/** Where something was declared, as the engine's problem list shows it. */
final class SourceLines {
  private SourceLines() {}

  /**
   * A line {@code at Class.method(File.java:12)} for a declaring stack frame, {@code at
   * Class.method()} for a provider method, {@code at} and the source otherwise, each after a
   * newline and indented; "" for no source.
   */
  static String at(@Nullable Object source) {
    if (source instanceof ElementSource es) {
      source = es.getDeclaringSource();
    }
    if (source == null) {
      return "";
    }
    if (source instanceof StackTraceElement e) {
      return "\n  at "
          + e.getClassName()
          + "."
          + e.getMethodName()
          + "("
          + e.getFileName()
          + ":"
          + e.getLineNumber()
          + ")";
    }
    if (source instanceof Method m) {
      return "\n  at " + m.getDeclaringClass().getName() + "." + m.getName() + "()";
    }
    return "\n  at " + source;
  }
}
