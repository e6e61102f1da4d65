package io.windlass.engine.internal;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.SettableFuture;
import com.google.inject.Key;
import io.windlass.engine.Manifold;
import io.windlass.engine.MissingInputException;
import io.windlass.engine.Resources;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Resources} of one start: the inputs' declarations and running workers as they were
 * when the engine requested the start.
 */
final class SnapshotResources implements Resources {

  /** One input as the snapshot saw it; both parts are null when it was not installed. */
  record Input(@Nullable Manifold manifold, @Nullable Service worker) {}

  private final String manifold;
  private final ImmutableMap<String, Input> inputs;
  private volatile boolean abortedFlag;
  private final SettableFuture<@Nullable Void> aborted = SettableFuture.create();

  SnapshotResources(String manifold, Map<String, Input> inputs) {
    this.manifold = manifold;
    this.inputs = ImmutableMap.copyOf(inputs);
  }

  @Override
  public String manifold() {
    return manifold;
  }

  @Override
  public Set<String> inputs() {
    return inputs.keySet();
  }

  ImmutableMap<String, Input> snapshot() {
    return inputs;
  }

  @Override
  public void require(String input) {
    running(input);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(String input, Key<T> key) {
    Input in = running(input);
    Function<Service, ?> output = in.manifold().outputs().get(key);
    if (output == null) {
      throw new IllegalArgumentException(
          "manifold \""
              + manifold
              + "\" asked input \""
              + input
              + "\" for "
              + Keys.describe(key)
              + ", but it exposes "
              + (in.manifold().outputs().isEmpty()
                  ? "nothing"
                  : Keys.describe(in.manifold().outputs().keySet())));
    }
    return (T) output.apply(in.worker());
  }

  private Input running(String input) {
    Input in = inputs.get(input);
    if (in == null) {
      throw new MissingInputException(
          "manifold \""
              + manifold
              + "\" asked for \""
              + input
              + "\", which is not declared as one of its inputs "
              + ImmutableSet.copyOf(inputs.keySet()));
    }
    if (in.worker() == null) {
      throw new MissingInputException(
          "manifold \"" + manifold + "\": input \"" + input + "\" is not running");
    }
    return in;
  }

  @Override
  public boolean isAborted() {
    return abortedFlag;
  }

  @Override
  public ListenableFuture<?> aborted() {
    return Futures.nonCancellationPropagating(aborted);
  }

  /**
   * Marks the start aborted at once and completes {@link #aborted()} on {@code notifier}, so that
   * listeners added with {@code directExecutor()} never run on the engine loop.
   */
  void abort(Executor notifier) {
    abortedFlag = true;
    try {
      notifier.execute(() -> aborted.set(null));
    } catch (RejectedExecutionException e) {
      aborted.set(null);
    }
  }
}
