package io.windlass.spool.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzzing try on a thread of its own, bounded in time: a reader that loops forever fails
 * the try ("did not finish") instead of hanging the build, and a {@link StackOverflowError} or
 * {@link OutOfMemoryError} fails it as any other throwable does. The bound is generous (the machine
 * may be busy); it catches hangs, not slowness.
 */
public final class Bounded {

  /** How long one try may take. */
  public static final Duration LIMIT = Duration.ofSeconds(30);

  private static final ExecutorService RUNNER =
      Executors.newCachedThreadPool(
          work -> {
            Thread thread = new Thread(work, "fuzz-try");
            thread.setDaemon(true);
            return thread;
          });

  private Bounded() {}

  /**
   * What {@code work} returns.
   *
   * @throws Exception what {@code work} throws; an {@link Error} it throws is rethrown as it is
   * @throws AssertionError if it did not finish within {@link #LIMIT}
   */
  public static <T> T call(Callable<T> work) throws Exception {
    Future<T> result = RUNNER.submit(work);
    try {
      return result.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new AssertionError("did not finish within " + LIMIT + ": a hang", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** As {@link #call}, for work without a result. */
  public static void run(ThrowingRunnable work) throws Exception {
    call(
        () -> {
          work.run();
          return null;
        });
  }

  /** Work that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
