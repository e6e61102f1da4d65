package io.windlass.manifolds.console;

import static com.google.common.collect.ImmutableList.toImmutableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The spool's size over the last {@link #span()}: one {@link Point} per {@link #step()}, in a ring
 * of {@code span / step} points, the oldest dropped first. A sample taken within the step of the
 * newest point replaces it, so however often {@link #sample} is called the ring holds one point per
 * step; a gap (nobody sampled) leaves no points. Time comes from the clock given. Thread-safe.
 */
public final class SpoolHistory {

  /** One hour of points. */
  public static final Duration DEFAULT_SPAN = Duration.ofHours(1);

  /** A point every ten seconds. */
  public static final Duration DEFAULT_STEP = Duration.ofSeconds(10);

  /**
   * The spool's size at one moment.
   *
   * @param time when it was sampled, on the history's clock, truncated to the step
   * @param bytes bytes of the batches held
   * @param batches batches held
   * @param oldestBatchAgeSeconds age of the oldest batch; 0 when there is none
   */
  public record Point(Instant time, long bytes, long batches, long oldestBatchAgeSeconds) {}

  private final Clock clock;
  private final Duration span;
  private final Duration step;
  private final int capacity;
  private final ArrayDeque<Point> points; // guarded by this, oldest first

  /** A history of {@link #DEFAULT_SPAN} in steps of {@link #DEFAULT_STEP} on {@code clock}. */
  public SpoolHistory(Clock clock) {
    this(clock, DEFAULT_SPAN, DEFAULT_STEP);
  }

  /**
   * @throws IllegalArgumentException unless {@code step} is at least one second and {@code span} a
   *     whole multiple of it, of at most 10,000 steps
   */
  public SpoolHistory(Clock clock, Duration span, Duration step) {
    if (step.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("step " + step + " must be at least 1s");
    }
    if (span.compareTo(step) < 0 || span.toMillis() % step.toMillis() != 0) {
      throw new IllegalArgumentException(
          "span " + span + " must be a whole multiple of the step " + step);
    }
    long steps = span.toMillis() / step.toMillis();
    if (steps > 10_000) {
      throw new IllegalArgumentException(
          "span " + span + " holds " + steps + " steps of " + step + "; at most 10000");
    }
    this.clock = clock;
    this.span = span;
    this.step = step;
    this.capacity = (int) steps;
    this.points = new ArrayDeque<>(capacity);
  }

  /** How far back the history reaches. */
  public Duration span() {
    return span;
  }

  /** The time between points. */
  public Duration step() {
    return step;
  }

  /** The most points held: {@code span / step}. */
  public int capacity() {
    return capacity;
  }

  /** Notes the spool's size now. */
  public synchronized void sample(long bytes, long batches, Duration oldestBatchAge) {
    Instant now = clock.instant();
    long stepMillis = step.toMillis();
    Instant slot = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), stepMillis) * stepMillis);
    Point point = new Point(slot, bytes, batches, Math.max(0, oldestBatchAge.toSeconds()));
    Point newest = points.peekLast();
    if (newest != null && !slot.isAfter(newest.time())) {
      points.pollLast();
    }
    points.addLast(point);
    Instant horizon = slot.minus(span);
    while (points.size() > capacity
        || (!points.isEmpty() && !points.peekFirst().time().isAfter(horizon))) {
      points.pollFirst();
    }
  }

  /** The points of the last {@link #span()} on the clock, oldest first. */
  public synchronized List<Point> points() {
    Instant horizon = clock.instant().minus(span);
    return points.stream().filter(p -> p.time().isAfter(horizon)).collect(toImmutableList());
  }
}
