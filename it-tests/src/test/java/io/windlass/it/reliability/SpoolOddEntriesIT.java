package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.agent.AgentExtension;
import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.SeriesData;
import io.windlass.it.backend.VictoriaMetricsServer;
import io.windlass.spool.ReadOnlySpool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd entries planted in a real agent's spool between two runs — a 1 GiB sparse file named like a
 * batch, links, a directory, a FIFO, a data file the agent may not read, a data file without
 * metadata — never cost one of the batches the agent acknowledged before: with drop-oldest bounds
 * far below 1 GiB, every acknowledged batch is kept and delivered to a real VictoriaMetrics, and
 * each odd entry is quarantined with its reason and counted in {@code /metrics}.
 *
 * <p>The second run's JVM is started through {@code setpriv} without the capabilities that let root
 * read any file, so the mode-000 data file is as unreadable to it as to an agent run as an ordinary
 * user.
 */
class SpoolOddEntriesIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int ACKNOWLEDGED = 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final String TOO_LARGE = "11111111-1111-4111-8111-111111111111";
  private static final String DATA_LINK = "22222222-2222-4222-8222-222222222222";
  private static final String META_LINK = "33333333-3333-4333-8333-333333333333";
  private static final String DIRECTORY = "44444444-4444-4444-8444-444444444444";
  private static final String FIFO = "55555555-5555-4555-8555-555555555555";
  private static final String UNREADABLE = "66666666-6666-4666-8666-666666666666";
  private static final String ORPHAN = "77777777-7777-4777-8777-777777777777";

  @RegisterExtension
  final BackendExtension<VictoriaMetricsServer> victoria =
      new BackendExtension<>(VictoriaMetricsServer::new);

  @TempDir Path outside;

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess agent;

  /**
   * Covers a bug where a 1 GiB sparse file with a valid {@code .meta} made drop-oldest delete every
   * acknowledged batch at start-up, and an unreadable entry kept the sender from delivering any.
   */
  @Test
  void oddEntriesInTheSpoolNeverCostAnAcknowledgedBatch() throws Exception {
    agent = agents.track(new WindlassAgentProcess()).config("inputs: []\n").start();
    long now = System.currentTimeMillis();
    for (int i = 0; i < ACKNOWLEDGED; i++) {
      assertThat(
              post(
                  agent.importPrometheusUri(),
                  "odd_entries_probe{n=\"" + i + "\"} " + i + " " + (now + i) + "\n"))
          .as("push %s acknowledged", i)
          .isEqualTo(204);
    }
    agent.stop();
    Path spool = agent.spoolDir();
    List<String> acknowledged =
        ReadOnlySpool.of(spool).list().batches().stream()
            .map(ReadOnlySpool.BatchSummary::uuid)
            .toList();
    assertThat(acknowledged).hasSize(ACKNOWLEDGED);

    Instant created = Instant.ofEpochMilli(now).minus(Duration.ofHours(1));
    plantOddEntries(spool, created);

    WindlassAgentProcess.CliResult ls = agent.cli("spool", "ls", "--data-dir=" + agent.dataDir());
    assertThat(ls.exitCode()).as(ls.output()).isZero();
    assertThat(ls.output())
        .contains("Skipped, not read (the agent quarantines them):")
        .contains("skipped:      5 entries (symlink 2, not-a-file 2, too-large 1)");
    WindlassAgentProcess.CliResult stats =
        agent.cli("spool", "stats", "--data-dir=" + agent.dataDir());
    assertThat(stats.exitCode()).as(stats.output()).isZero();
    assertThat(stats.output())
        .contains("batches:      " + (ACKNOWLEDGED + 1)) // the unreadable one is readable to root
        .contains("skipped:      5 entries (symlink 2, not-a-file 2, too-large 1)");

    agent
        .config(
            "inputs: []\n"
                + "spool:\n  max-bytes: 1MiB\n  max-batch-bytes: 256KiB\n  overflow: drop-oldest\n"
                + "sink:\n  url: "
                + victoria.get().remoteWriteUri()
                + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                + "  retry-max: 500ms\n")
        .launcher("setpriv", "--bounding-set=-dac_override,-dac_read_search")
        .start();

    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
    List<SeriesData> delivered = victoria.get().exportMerged("odd_entries_probe");
    assertThat(delivered)
        .as("no odd entry's data sent: the link's target, the unreadable file")
        .allSatisfy(series -> assertThat(series.labels()).containsKey("n"));
    Set<String> labels =
        delivered.stream()
            .map(s -> s.labels().get("n"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(labels)
        .as("every acknowledged batch delivered")
        .hasSize(ACKNOWLEDGED)
        .containsAll(
            Stream.iterate(0, i -> i + 1).limit(ACKNOWLEDGED).map(String::valueOf).toList());
    String metrics = get(agent.uri("/metrics"));
    assertThat(metrics)
        .contains("windlass_spool_quarantined_entries_total{reason=\"too-large\"} 1.0\n")
        .contains("windlass_spool_quarantined_entries_total{reason=\"symlink\"} 2.0\n")
        .contains("windlass_spool_quarantined_entries_total{reason=\"not-a-file\"} 2.0\n")
        .contains("windlass_spool_quarantined_entries_total{reason=\"unreadable\"} 1.0\n")
        .contains("windlass_spool_orphans_removed_total 1.0\n")
        .contains("windlass_spool_dropped_batches_total{reason=\"max-bytes\"} 0.0\n")
        .contains("windlass_spool_dropped_batches_total{reason=\"max-batches\"} 0.0\n")
        .contains("windlass_sender_sent_batches_total " + (double) ACKNOWLEDGED + "\n");
    Path quarantine = spool.resolve("quarantine");
    for (String uuid : List.of(TOO_LARGE, DATA_LINK, META_LINK, DIRECTORY, FIFO, UNREADABLE)) {
      assertThat(quarantine.resolve(uuid + ".meta.reason")).as(uuid).exists();
    }
    assertThat(Files.readString(quarantine.resolve(UNREADABLE + ".meta.reason")))
        .contains("\"problem\":\"unreadable\"")
        .contains("permission denied");
    assertThat(outside.resolve("secret")).as("the link's target, never sent").exists();
    assertThat(agent.log())
        .contains("removed 1 data file without metadata")
        .contains("quarantined 1 entry since");
  }

  private void plantOddEntries(Path spool, Instant created) throws Exception {
    writeMeta(spool, TOO_LARGE, created);
    try (RandomAccessFile sparse = new RandomAccessFile(spool.resolve(TOO_LARGE).toFile(), "rw")) {
      sparse.setLength(1L << 30);
    }
    String line = "{\"key\":\"odd_entries_probe\",\"value\":\"-1\",\"time\":\"" + created + "\"}\n";
    Path secret = Files.writeString(outside.resolve("secret"), line);
    writeMeta(spool, DATA_LINK, created);
    Files.createSymbolicLink(spool.resolve(DATA_LINK), secret);
    Path unreadableMeta = Files.writeString(outside.resolve("meta"), meta(META_LINK, created));
    Files.setPosixFilePermissions(unreadableMeta, PosixFilePermissions.fromString("---------"));
    Files.createSymbolicLink(spool.resolve(META_LINK + ".meta"), unreadableMeta);
    Files.writeString(spool.resolve(META_LINK), line);
    writeMeta(spool, DIRECTORY, created);
    Files.createDirectory(spool.resolve(DIRECTORY));
    writeMeta(spool, FIFO, created);
    Process mkfifo = new ProcessBuilder("mkfifo", spool.resolve(FIFO).toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    writeMeta(spool, UNREADABLE, created);
    Path unreadable = Files.writeString(spool.resolve(UNREADABLE), line);
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    Files.writeString(spool.resolve(ORPHAN), line);
  }

  private static void writeMeta(Path spool, String uuid, Instant created) throws IOException {
    Files.writeString(spool.resolve(uuid + ".meta"), meta(uuid, created));
  }

  private static String meta(String uuid, Instant created) {
    return "{\"charmurl\":\"local:odd\",\"uuid\":\""
        + uuid
        + "\",\"created\":\""
        + created
        + "\",\"unit-tag\":\"odd\"}\n";
  }

  private static int post(URI uri, String body) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
