package io.windlass.engine.testing;

import com.google.common.math.LongMath;
import io.windlass.engine.EngineClock;
import io.windlass.engine.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * An {@link EngineClock} that moves only when told to, so engine tests never sleep. {@link
 * #advance(Duration)} runs every timer that falls due, in due order, each with the clock set to its
 * due time, on the calling thread.
 *
 * <pre>{@code
 * ManualEngineClock clock = new ManualEngineClock();
 * Engine engine = Engine.create(injector, manifolds, EngineConfig.builder().clock(clock).build());
 * engine.startAsync().awaitRunning();
 * clock.advance(Duration.ofSeconds(3));      // the restart delay passes
 * engine.awaitQuiescence(Duration.ofSeconds(5));
 * }</pre>
 */
public final class ManualEngineClock implements EngineClock {

  private final Instant origin;
  private long nanos;
  private long sequence;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));

  /** A clock that reads 2026-01-01T00:00:00Z. */
  public ManualEngineClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A clock that reads {@code start}. */
  public ManualEngineClock(Instant start) {
    this.origin = start;
  }

  @Override
  public synchronized Instant now() {
    return origin.plusNanos(nanos);
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Timer schedule(Duration delay, Runnable task) {
    long due = LongMath.saturatedAdd(nanos, Math.max(0, Durations.saturatedNanos(delay)));
    Task t = new Task(due, sequence++, task);
    tasks.add(t);
    return () -> cancel(t);
  }

  private synchronized void cancel(Task t) {
    tasks.remove(t);
  }

  /** Moves time forward by {@code delta}, running every timer that falls due on the way. */
  public void advance(Duration delta) {
    long target;
    synchronized (this) {
      target = LongMath.saturatedAdd(nanos, Durations.saturatedNanos(delta));
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          nanos = Math.max(nanos, target);
          return;
        }
        tasks.poll();
        nanos = Math.max(nanos, next.due);
      }
      next.task.run();
    }
  }

  /** How many timers wait to fall due. */
  public synchronized int pendingTimers() {
    return tasks.size();
  }

  /** How long until the next timer falls due, if any waits. */
  public synchronized Optional<Duration> nextTimer() {
    Task next = tasks.peek();
    return next == null ? Optional.empty() : Optional.of(Duration.ofNanos(next.due - nanos));
  }

  /** The delays, from now, of every pending timer, soonest first. */
  public synchronized List<Duration> pendingDelays() {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(tasks.comparator());
    List<Duration> out = new ArrayList<>();
    for (Task t : sorted) {
      out.add(Duration.ofNanos(t.due - nanos));
    }
    return out;
  }

  private record Task(long due, long seq, Runnable task) {}
}
