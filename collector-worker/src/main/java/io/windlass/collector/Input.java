package io.windlass.collector;

/**
 * An input plugin: collects metrics once per call. Plain and free of business meaning, like a
 * Telegraf input: it knows nothing of schedules, spools or the engine; a {@link Pipeline} runs it
 * every interval and adds what the agent adds (aligned timestamps, timeout, tags, prefix, error
 * metrics, one spool batch per run).
 *
 * <p>An input instance belongs to one pipeline and is never called concurrently with itself; it may
 * keep state between calls (e.g. the previous CPU counters, to compute rates). It must not share
 * mutable state with other instances. It should return promptly; the pipeline abandons a call that
 * outlives its timeout, interrupting it.
 */
@FunctionalInterface
public interface Input {

  /**
   * Collects once into {@code accumulator}.
   *
   * @throws Exception when collection failed; the pipeline logs and counts it and emits the input's
   *     error metrics, and the next tick runs normally
   */
  void collect(Accumulator accumulator) throws Exception;
}
