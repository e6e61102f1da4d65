package io.windlass.spool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A {@link PeriodicWorker.Scheduler} on a clock that moves only when a test says so. Due tasks run
 * on the test's thread, inside {@link #advance(Duration)}, in order of due time then scheduling.
 */
public final class ManualScheduler implements PeriodicWorker.Scheduler {

  private record Task(long due, long sequence, Runnable runnable, CompletableFuture<Void> future) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::sequence));
  private long nowNanos;
  private long sequence;

  @Override
  public synchronized Future<?> schedule(Runnable task, Duration delay) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    queue.add(new Task(nowNanos + delay.toNanos(), sequence++, task, future));
    return future;
  }

  /** Moves the clock by {@code duration}, running every task that falls due on the way. */
  public void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = nowNanos + duration.toNanos();
    }
    while (true) {
      Task task;
      synchronized (this) {
        Task next = queue.peek();
        if (next == null || next.due() > target) {
          nowNanos = target;
          return;
        }
        task = queue.poll();
        nowNanos = task.due();
      }
      if (!task.future().isCancelled()) {
        task.runnable().run();
        task.future().complete(null);
      }
    }
  }

  /** Runs the tasks due now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** The delays from now of the tasks still to run, soonest first. */
  public synchronized List<Duration> pending() {
    List<Duration> delays = new ArrayList<>();
    queue.stream()
        .filter(task -> !task.future().isCancelled())
        .sorted(queue.comparator())
        .forEach(task -> delays.add(Duration.ofNanos(task.due() - nowNanos)));
    return delays;
  }
}
