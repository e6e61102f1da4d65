package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import java.util.Map;
import java.util.Objects;

/**
 * Memory figures from {@code /proc/meminfo}.
 *
 * <p>Metrics (default prefix {@code system.mem.}), no tags, bytes unless said otherwise:
 *
 * <ul>
 *   <li>{@code total} — MemTotal
 *   <li>{@code free} — MemFree
 *   <li>{@code available} — MemAvailable; on kernels without it (before 3.14), MemFree + Buffers +
 *       Cached
 *   <li>{@code used} — total minus available, as {@code free(1)} reports it
 *   <li>{@code used_percent}, {@code available_percent} — of total; 0 when total is 0
 *   <li>{@code buffers}, {@code cached} (Cached), {@code slab} (Slab), {@code shared} (Shmem)
 * </ul>
 */
public final class MemInput implements InputWithPrefix {
  private final ProcRoot procRoot;

  /** Reads {@code /proc/meminfo}. */
  public MemInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code meminfo} under {@code procRoot}. */
  public MemInput(ProcRoot procRoot) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
  }

  @Override
  public String defaultPrefix() {
    return "system.mem.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Meminfo info = Meminfo.read(procRoot);
    long total =
        info.get("MemTotal")
            .orElseThrow(
                () ->
                    new ProcFormatException(
                        procRoot.resolve("meminfo"), 1, "no MemTotal line", ""));
    long free = info.getOrZero("MemFree");
    long buffers = info.getOrZero("Buffers");
    long cached = info.getOrZero("Cached");
    long available = info.get("MemAvailable").orElse(free + buffers + cached);
    available = Math.min(available, total);
    long used = total - available;
    Map<String, String> none = Map.of();
    accumulator.addMetric("total", none, total);
    accumulator.addMetric("free", none, free);
    accumulator.addMetric("available", none, available);
    accumulator.addMetric("used", none, used);
    accumulator.addMetric("used_percent", none, Percent.of(used, total));
    accumulator.addMetric("available_percent", none, Percent.of(available, total));
    accumulator.addMetric("buffers", none, buffers);
    accumulator.addMetric("cached", none, cached);
    accumulator.addMetric("slab", none, info.getOrZero("Slab"));
    accumulator.addMetric("shared", none, info.getOrZero("Shmem"));
  }
}
