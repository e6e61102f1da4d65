package io.windlass.collector;

/**
 * A running pipeline that takes a new configuration without restarting (HoloInsight's {@code
 * PipelineUpdateAware}), so its schedule keeps its phase and its input keeps its state.
 */
public interface PipelineUpdateAware {

  /**
   * Replaces the task and the input instance.
   *
   * <p>The task applies from the next tick: tags, prefix and timeout at once; a changed interval or
   * offset moves the next tick to the new alignment, an unchanged one keeps the tick already
   * scheduled. The input is swapped in by the next run that starts when no collect is in progress:
   * that run first calls {@link InputExt#updateFrom(Input)} on {@code input} (if it is an {@link
   * InputExt}) with the instance it replaces, on the pipeline's thread, so the two are never called
   * at the same time. Updating twice before a run keeps the last input and hands it the running
   * one.
   *
   * @throws IllegalArgumentException {@code task} has another id
   */
  void update(CollectTask task, Input input);
}
