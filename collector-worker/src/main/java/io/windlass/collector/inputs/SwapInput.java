package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.Input;
import io.windlass.collector.InputExt;
import io.windlass.collector.InputWithPrefix;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Swap space from {@code /proc/meminfo} and swap traffic from the {@code pswpin}/{@code pswpout}
 * counters of {@code /proc/vmstat}.
 *
 * <p>Metrics (default prefix {@code system.swap.}), no tags:
 *
 * <ul>
 *   <li>{@code total}, {@code free}, {@code used} — bytes (SwapTotal, SwapFree, their difference)
 *   <li>{@code used_percent} — of total; 0 when there is no swap
 *   <li>{@code in_bytes_per_sec}, {@code out_bytes_per_sec} — pages swapped in and out per second
 *       times the page size; from the second collect on, and not when a counter went backwards
 * </ul>
 */
public final class SwapInput implements InputWithPrefix, InputExt {
  /** The page size of x86-64 and most arm64 kernels. */
  public static final long DEFAULT_PAGE_SIZE = 4096;

  private final ProcRoot procRoot;
  private final long pageSize;
  private final LongSupplier nanoTime;
  private boolean hasPrevious;
  private long previousIn;
  private long previousOut;
  private long previousNanos;

  /** Reads {@code /proc} with 4 KiB pages and the system's monotonic clock. */
  public SwapInput() {
    this(ProcRoot.DEFAULT, DEFAULT_PAGE_SIZE, System::nanoTime);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param pageSize bytes per page, to turn page counts into bytes
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public SwapInput(ProcRoot procRoot, long pageSize, LongSupplier nanoTime) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize " + pageSize + " must be > 0");
    }
    this.pageSize = pageSize;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public String defaultPrefix() {
    return "system.swap.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Meminfo info = Meminfo.read(procRoot);
    Vmstat vmstat = Vmstat.read(procRoot);
    long now = nanoTime.getAsLong();
    long total = info.getOrZero("SwapTotal");
    long free = Math.min(info.getOrZero("SwapFree"), total);
    Map<String, String> none = Map.of();
    accumulator.addMetric("total", none, total);
    accumulator.addMetric("free", none, free);
    accumulator.addMetric("used", none, total - free);
    accumulator.addMetric("used_percent", none, Percent.of(total - free, total));

    OptionalLong in = vmstat.get("pswpin");
    OptionalLong out = vmstat.get("pswpout");
    if (in.isEmpty() || out.isEmpty()) {
      hasPrevious = false;
      return;
    }
    if (hasPrevious) {
      long elapsed = now - previousNanos;
      OptionalDouble inRate = CounterRate.perSecond(previousIn, in.getAsLong(), elapsed);
      OptionalDouble outRate = CounterRate.perSecond(previousOut, out.getAsLong(), elapsed);
      if (inRate.isPresent() && outRate.isPresent()) {
        accumulator.addMetric("in_bytes_per_sec", none, inRate.getAsDouble() * pageSize);
        accumulator.addMetric("out_bytes_per_sec", none, outRate.getAsDouble() * pageSize);
      }
    }
    hasPrevious = true;
    previousIn = in.getAsLong();
    previousOut = out.getAsLong();
    previousNanos = now;
  }

  @Override
  public void updateFrom(Input previous) {
    if (previous instanceof SwapInput other) {
      hasPrevious = other.hasPrevious;
      previousIn = other.previousIn;
      previousOut = other.previousOut;
      previousNanos = other.previousNanos;
    }
  }
}
