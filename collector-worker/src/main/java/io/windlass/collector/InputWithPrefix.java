package io.windlass.collector;

/**
 * An input whose metric names get a prefix unless the configuration gives another: the pipeline
 * wraps the accumulator with {@link Accumulators#withPrefix(Accumulator, String)}.
 */
public interface InputWithPrefix extends Input {

  /** The prefix for this input's metric names, e.g. {@code "system."}; may be empty. */
  String defaultPrefix();
}
