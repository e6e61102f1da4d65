package io.windlass.engine;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.inject.Key;
import java.util.Set;

/**
 * What one start of a manifold may see of its inputs: a snapshot of their workers taken when the
 * engine requested the start.
 *
 * <p>Every method checks that the input is one the manifold declared (explicitly or inferred from
 * its worker's injection points). Asking for anything else fails with a {@link
 * MissingInputException} that says the input is "not declared"; asking for a declared input whose
 * worker is not running fails with one that says it is "not running". Either way a start that lets
 * the exception escape is simply retried when an input changes.
 *
 * <p>Workers built by injection may inject {@code Resources} too; their exposed inputs arrive
 * through ordinary constructor parameters.
 */
public interface Resources {

  /** The name of the manifold being started. */
  String manifold();

  /** Every input of the manifold being started: explicit names plus inferred ones. */
  Set<String> inputs();

  /**
   * Checks that {@code input} is a declared input and its worker was running when the start was
   * requested, without asking for any output.
   *
   * @throws MissingInputException if it is not declared or not running
   */
  void require(String input);

  /**
   * Returns the value {@code input} exposes as {@code type}: the input's output function for that
   * type applied to its running worker. Whatever that function returns or throws is passed on
   * unchanged.
   *
   * @throws MissingInputException if the input is not declared or not running
   * @throws IllegalArgumentException if the input exposes nothing of that type
   */
  default <T> T get(String input, Class<T> type) {
    return get(input, Key.get(type));
  }

  /** As {@link #get(String, Class)}, for a binding key (a generic type or an annotated key). */
  <T> T get(String input, Key<T> key);

  /**
   * True once the engine has abandoned this start (an input changed, or the engine is stopping). A
   * start function that blocks should give up when this turns true; the engine also interrupts its
   * thread. It turns true just before {@link #aborted()} completes.
   */
  boolean isAborted();

  /**
   * A future that completes (with {@code null}, never with an error) when the engine abandons this
   * start: the counterpart of {@link #isAborted()} to wait on or register with, like Juju's {@code
   * ctx.Done()}. A start that waits for something other than an interrupt (a socket, another
   * future) can give up when it completes, for example:
   *
   * <pre>{@code
   * ListenableFuture<Connection> connecting = client.connectAsync();
   * resources.aborted().addListener(() -> connecting.cancel(true), directExecutor());
   * }</pre>
   *
   * <p>It completes at most once, right after {@link #isAborted()} turns true, on an engine start
   * thread (never the engine loop), so a listener added with {@code directExecutor()} may block
   * briefly. Once the worker this start made is running it no longer completes: stopping that
   * worker goes through the worker's own {@code shutDown()}, not an abort. Each call returns a new
   * view: cancelling one affects only that view, not the start, the engine or other views.
   */
  ListenableFuture<?> aborted();
}
