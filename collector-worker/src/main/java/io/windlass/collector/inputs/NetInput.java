package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.Input;
import io.windlass.collector.InputExt;
import io.windlass.collector.InputWithPrefix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Network interface rates from {@code /proc/net/dev}, from the difference between two collects. The
 * first collect only records the counters; an interface whose counters went backwards (a driver
 * reset, an interface re-created) is skipped for that collect. Interfaces whose whole name matches
 * the exclude pattern ({@code lo} by default) are not reported.
 *
 * <p>Metrics (default prefix {@code system.net.}), tagged {@code interface}, all per second:
 *
 * <ul>
 *   <li>{@code bytes_recv_per_sec}, {@code bytes_sent_per_sec}
 *   <li>{@code packets_recv_per_sec}, {@code packets_sent_per_sec}
 *   <li>{@code errors_in_per_sec}, {@code errors_out_per_sec}
 *   <li>{@code drops_in_per_sec}, {@code drops_out_per_sec}
 * </ul>
 */
public final class NetInput implements InputWithPrefix, InputExt {
  /** The loopback interface. */
  public static final Pattern DEFAULT_EXCLUDE = Pattern.compile("lo");

  private static final String[] METRICS = {
    "bytes_recv_per_sec",
    "packets_recv_per_sec",
    "errors_in_per_sec",
    "drops_in_per_sec",
    "bytes_sent_per_sec",
    "packets_sent_per_sec",
    "errors_out_per_sec",
    "drops_out_per_sec"
  };
  // Columns after "name:": receive bytes, packets, errs, drop; transmit bytes, packets, errs, drop.
  private static final int[] COLUMNS = {0, 1, 2, 3, 8, 9, 10, 11};

  private final ProcRoot procRoot;
  private final Pattern exclude;
  private final LongSupplier nanoTime;
  private @Nullable CounterSnapshot previous;

  /** Every interface but {@code lo}, from {@code /proc}, on the system's monotonic clock. */
  public NetInput() {
    this(ProcRoot.DEFAULT, DEFAULT_EXCLUDE, System::nanoTime);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param exclude interfaces whose whole name matches are not reported
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public NetInput(ProcRoot procRoot, Pattern exclude, LongSupplier nanoTime) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
    this.exclude = Objects.requireNonNull(exclude, "exclude");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public String defaultPrefix() {
    return "system.net.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    List<ProcLine> lines = procRoot.readLines("net/dev");
    long now = nanoTime.getAsLong();
    Map<String, long[]> counters = new LinkedHashMap<>();
    for (ProcLine line : lines) {
      int colon = line.text().indexOf(':');
      if (line.isBlank() || line.text().contains("|")) {
        continue; // the two header lines
      }
      if (colon < 0) {
        throw line.malformed("expected 'interface: counters'");
      }
      String name = line.text().substring(0, colon).strip();
      List<String> fields =
          new ProcLine(line.file(), line.number(), line.text().substring(colon + 1)).fields();
      if (name.isEmpty() || fields.size() < 16) {
        throw line.malformed("expected an interface name and 16 counters");
      }
      if (exclude.matcher(name).matches()) {
        continue;
      }
      long[] values = new long[COLUMNS.length];
      for (int i = 0; i < COLUMNS.length; i++) {
        values[i] = line.parseCounter(fields.get(COLUMNS[i]), name + " " + METRICS[i]);
      }
      counters.put(name, values);
    }
    CounterSnapshot current = new CounterSnapshot(now, counters);
    CounterSnapshot before = previous;
    previous = current;
    if (before == null) {
      return;
    }
    for (String name : counters.keySet()) {
      Optional<double[]> rates = current.ratesSince(before, name);
      if (rates.isPresent()) {
        Map<String, String> tags = Map.of("interface", name);
        for (int i = 0; i < METRICS.length; i++) {
          accumulator.addMetric(METRICS[i], tags, rates.get()[i]);
        }
      }
    }
  }

  @Override
  public void updateFrom(Input previousInput) {
    if (previousInput instanceof NetInput other) {
      previous = other.previous;
    }
  }
}
