package io.windlass.collector;

import io.windlass.spool.PeriodicWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A wall clock and a scheduler that move only when a test says so. Due tasks run on the test's
 * thread, inside {@link #advance(Duration)}, in order of due time then scheduling; the clock reads
 * each task's due time while it runs. Thread-safe, so collect threads may read the clock.
 */
public final class ManualTime implements PeriodicWorker.Scheduler {

  private record Task(long due, long sequence, Runnable runnable, CompletableFuture<Void> future) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::sequence));
  private long nowNanos;
  private long sequence;

  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return Instant.EPOCH.plusNanos(nanos());
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException();
        }
      };

  /** Time starting at {@code start}. */
  public ManualTime(Instant start) {
    nowNanos = Duration.between(Instant.EPOCH, start).toNanos();
  }

  /** The clock over this time. */
  public Clock clock() {
    return clock;
  }

  private synchronized long nanos() {
    return nowNanos;
  }

  /** Now, in epoch milliseconds. */
  public long millis() {
    return clock.millis();
  }

  @Override
  public synchronized Future<?> schedule(Runnable task, Duration delay) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    queue.add(new Task(nowNanos + Math.max(0, delay.toNanos()), sequence++, task, future));
    return future;
  }

  /** Moves time by {@code duration}, running every task that falls due on the way. */
  public void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = nowNanos + duration.toNanos();
    }
    advanceTo(target);
  }

  /** Moves time to {@code instant}, running every task that falls due on the way. */
  public void advanceTo(Instant instant) {
    advanceTo(Duration.between(Instant.EPOCH, instant).toNanos());
  }

  private void advanceTo(long target) {
    while (true) {
      Task task;
      synchronized (this) {
        Task next = queue.peek();
        if (next == null || next.due() > target) {
          nowNanos = Math.max(nowNanos, target);
          return;
        }
        task = queue.poll();
        nowNanos = Math.max(nowNanos, task.due());
      }
      if (!task.future().isCancelled()) {
        task.runnable().run();
        task.future().complete(null);
      }
    }
  }

  /** Moves the clock without running anything: a thread that comes late. */
  public synchronized void jump(Duration duration) {
    nowNanos += duration.toNanos();
  }
}
