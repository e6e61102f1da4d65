package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Network interface counters from {@code /proc/net/dev}, as node_exporter's {@code netdev}
 * collector reports them: the kernel's running totals, every interface ({@code lo} included, as in
 * node_exporter) unless it matches the exclude pattern.
 *
 * <p>Metrics (default prefix {@code node_}), label {@code device}, all counters: {@code
 * network_receive_<stat>_total} for {@code bytes}, {@code packets}, {@code errs}, {@code drop},
 * {@code fifo}, {@code frame}, {@code compressed}, {@code multicast}, and {@code
 * network_transmit_<stat>_total} for {@code bytes}, {@code packets}, {@code errs}, {@code drop},
 * {@code fifo}, {@code colls}, {@code carrier}, {@code compressed}.
 */
public final class NodeNetdevInput extends NodeExporterInput {
  /** Excludes nothing: node_exporter's default. */
  public static final Pattern EXCLUDE_NONE = Pattern.compile("(?!)");

  /** The 16 columns of {@code /proc/net/dev} after the interface name, in file order. */
  static final List<String> STATS =
      List.of(
          "receive_bytes",
          "receive_packets",
          "receive_errs",
          "receive_drop",
          "receive_fifo",
          "receive_frame",
          "receive_compressed",
          "receive_multicast",
          "transmit_bytes",
          "transmit_packets",
          "transmit_errs",
          "transmit_drop",
          "transmit_fifo",
          "transmit_colls",
          "transmit_carrier",
          "transmit_compressed");

  private final Pattern exclude;

  /** Every interface, from {@code /proc/net/dev}. */
  public NodeNetdevInput() {
    this(ProcRoot.DEFAULT, EXCLUDE_NONE);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param exclude interfaces whose whole name matches are not reported
   */
  public NodeNetdevInput(ProcRoot procRoot, Pattern exclude) {
    super("net", procRoot);
    this.exclude = Objects.requireNonNull(exclude, "exclude");
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    List<ProcLine> lines = procRoot.readLines("net/dev");
    for (String stat : STATS) {
      counter(accumulator, "network_" + stat + "_total", "Network device statistic " + stat + ".");
    }
    for (ProcLine line : lines) {
      if (line.isBlank() || line.text().contains("|")) {
        continue; // the two header lines
      }
      int colon = line.text().indexOf(':');
      if (colon < 0) {
        throw line.malformed("expected 'interface: counters'");
      }
      String name = line.text().substring(0, colon).strip();
      List<String> fields =
          new ProcLine(line.file(), line.number(), line.text().substring(colon + 1)).fields();
      if (name.isEmpty() || fields.size() < STATS.size()) {
        throw line.malformed("expected an interface name and 16 counters");
      }
      if (exclude.matcher(name).matches()) {
        continue;
      }
      Map<String, String> labels = Map.of("device", name);
      for (int i = 0; i < STATS.size(); i++) {
        String metric = "network_" + STATS.get(i) + "_total";
        accumulator.addMetric(
            metric, labels, line.parseCounter(fields.get(i), name + " " + metric));
      }
    }
  }
}
