package io.windlass.it.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.windlass.collector.Pipeline;
import io.windlass.collector.inputs.NodeExporterInput;
import io.windlass.collector.inputs.NodeFilesystemInput;
import io.windlass.collector.inputs.ProcRoot;
import io.windlass.it.backend.NodeExporterProcess;
import io.windlass.manifolds.collector.Inputs;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.InputSpec;
import io.windlass.manifolds.config.MetricNaming;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricType;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.format.Sample;
import io.windlass.spool.ingest.format.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host inputs in node_exporter naming against a real node_exporter ({@code
 * prometheus-node-exporter} 1.5 from Debian) on the same machine, with the collectors that cover
 * them: {@code cpu}, {@code meminfo}, {@code loadavg}, {@code filesystem}, {@code diskstats},
 * {@code netdev}, {@code netstat}, {@code stat}, {@code vmstat} and {@code processes}, each with
 * its default flags.
 *
 * <p>Windlass collects through its real path: the default config's host inputs (node_exporter
 * naming, since the default sink type is remote write), made by the agent's {@link Inputs}, each
 * run by a {@link Pipeline} into a spool, read back as batches. It collects once before a scrape of
 * node_exporter and once after it, so that:
 *
 * <ul>
 *   <li>every family Windlass writes (health metrics aside) is one node_exporter has, with the same
 *       type, and the same label sets (for {@code processes_state}, whose states come and go, the
 *       same label names);
 *   <li>every node_exporter value lies between the two Windlass readings, widened by a slack per
 *       family: none for counters but floating-point rounding (they must bracket exactly), half a
 *       second for CPU seconds (iowait is known to go back), 2 % of MemTotal for memory gauges, 1 %
 *       of the filesystem's size (or inode count) for filesystem gauges, 0.5 + 10 % for load
 *       averages, 10 % + 50 for process counts, 2 % + 10 for untyped netstat figures (some are
 *       current counts); MemTotal, SwapTotal and the boot time are equal.
 * </ul>
 */
class NodeExporterNamingIT {
  private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(30);

  /** The health metrics the pipeline adds, which node_exporter does not have. */
  private static final Set<String> HEALTH =
      Set.of(
          "node_up",
          "node_collect_seconds",
          "node_collect_errors_total",
          "node_collect_skipped_total",
          "node_metrics_dropped_total");

  private static NodeExporterProcess nodeExporter;
  private static Reading before;
  private static Reading scrape;
  private static Reading after;

  /** One reading: samples by name, each a map from its labels to its value; and the types. */
  private record Reading(
      Map<String, Map<Map<String, String>, Double>> samples, Map<String, MetricType> types) {

    double value(String name, Map<String, String> labels) {
      Double value = samples.getOrDefault(name, Map.of()).get(labels);
      if (value == null) {
        throw new AssertionError("no sample " + name + labels);
      }
      return value;
    }

    double value(String name) {
      return value(name, Map.of());
    }
  }

  @BeforeAll
  static void readWindlassAroundAScrapeOfNodeExporter() throws Exception {
    nodeExporter =
        new NodeExporterProcess(
                List.of(
                    "cpu",
                    "meminfo",
                    "loadavg",
                    "filesystem",
                    "diskstats",
                    "netdev",
                    "netstat",
                    "stat",
                    "vmstat",
                    "processes"),
                List.of(
                    "--collector.filesystem.mount-points-exclude="
                        + NodeFilesystemInput.DEFAULT_MOUNT_POINTS_EXCLUDE.pattern(),
                    "--collector.filesystem.fs-types-exclude="
                        + NodeFilesystemInput.DEFAULT_FS_TYPES_EXCLUDE.pattern(),
                    "--collector.netdev.device-exclude="))
            .start();
    before = collectWindlass();
    scrape = scrapeNodeExporter();
    after = collectWindlass();
  }

  @AfterAll
  static void stopNodeExporter() {
    if (nodeExporter != null) {
      nodeExporter.close();
    }
  }

  /** Runs every host input of the default config once, through pipelines into a spool. */
  private static Reading collectWindlass() throws Exception {
    AgentConfig config = new AgentConfigReader(() -> "it").defaults();
    assertThat(config.metricNaming()).isEqualTo(MetricNaming.NODE_EXPORTER);
    Inputs inputs = new Inputs(ProcRoot.DEFAULT);
    Path dir = Files.createTempDirectory("node-naming-spool");
    List<Pipeline> pipelines = new ArrayList<>();
    try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
      for (InputSpec spec : config.resolvedInputs()) {
        Pipeline pipeline = new Pipeline(Inputs.task(spec), inputs.create(spec), spool, "agent-it");
        pipelines.add(pipeline);
        pipeline.startAsync().awaitRunning();
      }
      List<ListenableFuture<?>> runs = new ArrayList<>();
      for (Pipeline pipeline : pipelines) {
        runs.add(pipeline.collectNow());
      }
      for (ListenableFuture<?> run : runs) {
        run.get(COLLECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      for (Pipeline pipeline : pipelines) {
        pipeline.stopAsync().awaitTerminated(COLLECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      Map<String, Map<Map<String, String>, Double>> samples = new TreeMap<>();
      Map<String, MetricType> types = new HashMap<>();
      try (MetricReader reader = spool.reader()) {
        List<MetricBatch> batches = reader.read();
        assertThat(batches).hasSize(pipelines.size());
        for (MetricBatch batch : batches) {
          for (MetricFamily family : batch.families()) {
            types.put(family.name(), family.type());
          }
          for (Metric metric : batch.metrics()) {
            samples
                .computeIfAbsent(metric.key(), k -> new HashMap<>())
                .put(metric.labels(), Double.parseDouble(metric.value()));
          }
        }
      }
      return new Reading(samples, types);
    }
  }

  private static Reading scrapeNodeExporter() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(nodeExporter.metricsUrl()))
                    .timeout(COLLECT_TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    var parsed = WireFormat.PROMETHEUS_TEXT.parse(body);
    Map<String, Map<Map<String, String>, Double>> samples = new TreeMap<>();
    for (Sample sample : parsed.metrics()) {
      samples
          .computeIfAbsent(sample.name(), k -> new HashMap<>())
          .put(sample.tags(), sample.value());
    }
    Map<String, MetricType> types = new HashMap<>();
    parsed.families().forEach(family -> types.put(family.name(), family.type()));
    return new Reading(samples, types);
  }

  /** The families Windlass wrote, health metrics aside. */
  private static Set<String> windlassFamilies() {
    return before.samples().keySet().stream()
        .filter(name -> !HEALTH.contains(name))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyHostInputReportsInNodeExporterNamingWithItsHealthLabelledByInput() {
    assertThat(windlassFamilies())
        .allMatch(name -> name.startsWith(NodeExporterInput.PREFIX))
        .contains(
            "node_cpu_seconds_total",
            "node_memory_MemAvailable_bytes",
            "node_memory_SwapTotal_bytes",
            "node_load1",
            "node_filesystem_avail_bytes",
            "node_disk_read_bytes_total",
            "node_network_receive_bytes_total",
            "node_netstat_Tcp_CurrEstab",
            "node_procs_running",
            "node_processes_pids");
    assertThat(before.samples().get("node_up").keySet())
        .extracting(labels -> labels.get("input"))
        .containsExactlyInAnyOrderElementsOf(InputSpec.HOST_TYPES);
  }

  @Test
  void everyFamilyIsOneNodeExporterHasWithTheSameType() {
    for (String name : windlassFamilies()) {
      assertThat(scrape.samples()).as("node_exporter has %s", name).containsKey(name);
      assertThat(before.types().get(name))
          .as("the type of %s", name)
          .isEqualTo(scrape.types().get(name));
    }
  }

  @Test
  void everyFamilyHasTheSameLabelSetsAsNodeExporters() {
    for (String name : windlassFamilies()) {
      Set<Map<String, String>> ours = before.samples().get(name).keySet();
      Set<Map<String, String>> theirs = scrape.samples().getOrDefault(name, Map.of()).keySet();
      if (name.equals("node_processes_state")) {
        assertThat(labelNames(ours)).as("label names of %s", name).isEqualTo(labelNames(theirs));
      } else {
        assertThat(ours).as("label sets of %s", name).isEqualTo(theirs);
      }
    }
  }

  @Test
  void fixedFiguresAreEqual() {
    for (String name :
        List.of(
            "node_memory_MemTotal_bytes",
            "node_memory_SwapTotal_bytes",
            "node_boot_time_seconds")) {
      assertThat(before.value(name)).as(name).isEqualTo(scrape.value(name));
      assertThat(after.value(name)).as(name).isEqualTo(scrape.value(name));
    }
  }

  @Test
  void nodeExportersValuesLieBetweenTheTwoWindlassReadingsWithinEachFamilysSlack() {
    List<String> outside = new ArrayList<>();
    int compared = 0;
    for (String name : windlassFamilies()) {
      for (Map.Entry<Map<String, String>, Double> sample : before.samples().get(name).entrySet()) {
        Map<String, String> labels = sample.getKey();
        Double theirs = scrape.samples().getOrDefault(name, Map.of()).get(labels);
        Double later = after.samples().getOrDefault(name, Map.of()).get(labels);
        if (theirs == null || later == null) {
          continue; // a process state or a mount that came or went between the readings
        }
        double low = Math.min(sample.getValue(), later);
        double high = Math.max(sample.getValue(), later);
        double slack = slack(name, labels, theirs);
        compared++;
        if (theirs < low - slack || theirs > high + slack) {
          outside.add(
              name
                  + labels
                  + ": node_exporter "
                  + theirs
                  + ", Windlass "
                  + sample.getValue()
                  + " then "
                  + later
                  + " (slack "
                  + slack
                  + ")");
        }
        if (before.types().get(name) == MetricType.COUNTER) {
          assertThat(later)
              .as("%s%s does not go back", name, labels)
              .isGreaterThanOrEqualTo(sample.getValue() - slack);
        }
      }
    }
    assertThat(outside).as("values outside their slack").isEmpty();
    assertThat(compared).isGreaterThan(100);
  }

  /** How far node_exporter's value may lie outside the two Windlass readings; see the class doc. */
  private static double slack(String name, Map<String, String> labels, double value) {
    double rounding = 1e-9 * Math.abs(value) + 1e-9;
    if (name.startsWith("node_cpu_")) {
      return 0.5 + rounding;
    }
    if (name.startsWith("node_memory_")) {
      return 0.02 * scrape.value("node_memory_MemTotal_bytes");
    }
    if (name.startsWith("node_filesystem_files")) {
      return 0.01 * scrape.value("node_filesystem_files", labels) + 1000;
    }
    if (name.startsWith("node_filesystem_") && name.endsWith("_bytes")) {
      return 0.01 * scrape.value("node_filesystem_size_bytes", labels);
    }
    if (name.startsWith("node_load")) {
      return 0.5 + 0.1 * value;
    }
    if (name.startsWith("node_processes_") || name.startsWith("node_procs_")) {
      return 0.1 * value + 50;
    }
    if (scrape.types().get(name) == MetricType.UNKNOWN) {
      return 0.02 * Math.abs(value) + 10;
    }
    if (name.equals("node_disk_io_now")) {
      return 50;
    }
    return rounding;
  }

  private static Set<Set<String>> labelNames(Set<Map<String, String>> labelSets) {
    return labelSets.stream().map(Map::keySet).map(Set::copyOf).collect(Collectors.toSet());
  }
}
