package io.windlass.collector;

/** Booleans as metric values: 1 for true, 0 for false. */
public final class BoolToDouble {
  private BoolToDouble() {}

  /** 1.0 for {@code true}, 0.0 for {@code false}. */
  public static double boolToDouble(boolean value) {
    return value ? 1.0 : 0.0;
  }
}
