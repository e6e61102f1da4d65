package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spool ls|show|stats} on a spool an agent's {@link SpoolDirectory} wrote and holds open.
 */
class SpoolCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant NOW = T0.plus(Duration.ofHours(3).plusMinutes(2).plusSeconds(7));

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path data;
  private SpoolDirectory spool;
  private Instant clock = T0;

  @AfterEach
  void closeSpool() throws IOException {
    if (spool != null) {
      spool.close();
    }
  }

  /** Opens {@code <data>/spool} as the agent does, and keeps it open like a running agent. */
  private void agentSpool() throws IOException {
    data = dir.resolve("data");
    Clock moving =
        new Clock() {
          @Override
          public Instant instant() {
            return clock;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    spool =
        SpoolDirectory.open(data.resolve("spool"), SpoolOptions.builder().clock(moving).build());
  }

  private MetricBatch record(String source, Map<String, String> metrics) throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), source, "agent-7");
    for (Map.Entry<String, String> metric : metrics.entrySet()) {
      recorder.addMetric(metric.getKey(), metric.getValue(), clock, Map.of("zone", "a"));
    }
    recorder.close();
    List<MetricBatch> batches = spool.reader().read();
    MetricBatch batch = batches.get(batches.size() - 1);
    clock = clock.plusSeconds(60);
    return batch;
  }

  private int windlass(String... args) {
    CommandLine cli =
        WindlassCommand.commandLine(
            new WindlassCommand(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                if (type == SpoolCommand.Stats.class) {
                  return type.cast(new SpoolCommand.Stats(Clock.fixed(NOW, ZoneOffset.UTC)));
                }
                return CommandLine.defaultFactory().create(type);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private List<String> everyFile() throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.map(p -> data.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void lsListsBatchesOldestFirstAndChangesNothing() throws IOException {
    agentSpool();
    MetricBatch cpu = record("input:cpu", Map.of("cpu.user", "12.5", "cpu.system", "3"));
    MetricBatch app = record("local:myapp", Map.of("pings", "7"));
    List<String> before = everyFile();

    int exit = windlass("spool", "ls", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("UUID +CREATED +SOURCE +METRICS +BYTES");
    assertThat(lines.get(1))
        .matches(cpu.uuid() + " +2025-01-01T00:00:00Z +input:cpu +2 +\\d+")
        .endsWith(" " + bytes(cpu));
    assertThat(lines.get(2))
        .matches(app.uuid() + " +2025-01-01T00:01:00Z +local:myapp +1 +\\d+")
        .endsWith(" " + bytes(app));
    assertThat(everyFile()).as("nothing created, moved or removed").isEqualTo(before);
  }

  private long bytes(MetricBatch batch) throws IOException {
    Path directory = data.resolve("spool");
    return Files.size(directory.resolve(batch.uuid()))
        + Files.size(directory.resolve(batch.uuid() + ".meta"));
  }

  @Test
  void lsAddsUnreadableBatchesAndRejectedFiles() throws IOException {
    agentSpool();
    MetricBatch good = record("local:myapp", Map.of("pings", "7"));
    String broken = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
    Files.writeString(data.resolve("spool/" + broken + ".meta"), "{oops");
    Files.writeString(data.resolve("spool/" + broken), "{}");
    Files.createDirectories(data.resolve("spool/rejected"));
    Files.writeString(data.resolve("spool/rejected/" + broken), "12345");

    int exit = windlass("spool", "ls", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains(good.uuid())
        .contains("\nUnreadable (the agent quarantines them):\nUUID")
        .contains(broken + "  batch " + broken + " metadata is not valid JSON")
        .contains("\nRejected (in " + data.resolve("spool/rejected").toAbsolutePath() + "):\n")
        .containsPattern(broken + " +\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z +5\n");
    assertThat(data.resolve("spool/" + broken + ".meta")).as("not quarantined").exists();
  }

  /**
   * Covers a bug where {@code spool ls} and {@code spool stats} hung on a FIFO named like a batch
   * and exited with a bare IOException on a directory: both skip such entries and say so.
   */
  @Test
  void lsAndStatsSkipAFifoAndADirectoryNamedLikeBatchesAndSaySo() throws Exception {
    agentSpool();
    MetricBatch good = record("local:myapp", Map.of("pings", "7"));
    String fifo = "11111111-1111-4111-8111-111111111111";
    String directory = "22222222-2222-4222-8222-222222222222";
    Path spool = data.resolve("spool");
    Files.writeString(spool.resolve(fifo + ".meta"), meta(fifo));
    assertThat(new ProcessBuilder("mkfifo", spool.resolve(fifo).toString()).start().waitFor())
        .isZero();
    Files.createDirectory(spool.resolve(directory + ".meta"));
    Files.writeString(spool.resolve(directory), "{}");

    int ls = windlass("spool", "ls", "--data-dir", data.toString());

    assertThat(ls).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains(good.uuid())
        .contains("\nSkipped, not read (the agent quarantines them):\nNAME")
        .containsPattern(fifo + " +not-a-file +" + fifo + " is not a regular file")
        .containsPattern(directory + ".meta +not-a-file +" + directory + ".meta is a directory")
        .contains("\nskipped:      2 entries (not-a-file 2)\n");

    out.getBuffer().setLength(0);
    int stats = windlass("spool", "stats", "--data-dir", data.toString());

    assertThat(stats).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains("\nbatches:      1\n")
        .contains("\nskipped:      2 entries (not-a-file 2)\n");

    out.getBuffer().setLength(0);
    int json = windlass("spool", "stats", "--json", "--data-dir", data.toString());

    assertThat(json).isZero();
    JsonNode root = JSON.readTree(out.toString());
    assertThat(root.path("skipped").asInt()).isEqualTo(2);
    assertThat(root.path("skipped-problems").path("not-a-file").asInt()).isEqualTo(2);
  }

  private static String meta(String uuid) {
    return "{\"charmurl\":\"x\",\"uuid\":\""
        + uuid
        + "\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"a\"}";
  }

  @Test
  void lsJsonIsOneDocument() throws IOException {
    agentSpool();
    MetricBatch cpu = record("input:cpu", Map.of("cpu.user", "12.5"));

    int exit = windlass("spool", "ls", "--json", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode root = JSON.readTree(out.toString());
    assertThat(root.path("directory").asText())
        .isEqualTo(data.resolve("spool").toAbsolutePath().toString());
    JsonNode batch = root.path("batches").get(0);
    assertThat(batch.path("uuid").asText()).isEqualTo(cpu.uuid());
    assertThat(batch.path("created").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(batch.path("charmurl").asText()).isEqualTo("input:cpu");
    assertThat(batch.path("unit-tag").asText()).isEqualTo("agent-7");
    assertThat(batch.path("metrics").asInt()).isEqualTo(1);
    assertThat(batch.path("bytes").asLong()).isEqualTo(bytes(cpu));
    assertThat(root.path("unreadable").isArray()).isTrue();
    assertThat(root.path("rejected").isArray()).isTrue();
    assertThat(root.path("quarantined").isArray()).isTrue();
  }

  @Test
  void showPrintsMetadataAndMetrics() throws IOException {
    agentSpool();
    MetricBatch cpu = record("input:cpu", Map.of("cpu.user", "12.5"));

    int exit = windlass("spool", "show", cpu.uuid(), "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "uuid:      "
                + cpu.uuid()
                + "\ncreated:   2025-01-01T00:00:00Z\nsource:    input:cpu\nunit-tag:  agent-7\n"
                + "metrics:   1\n\n"
                + "KEY       VALUE  TIME                  LABELS\n"
                + "cpu.user  12.5   2025-01-01T00:00:00Z  zone=a\n");
  }

  @Test
  void showJsonIsTheBatchInTheSpoolsFormat() throws IOException {
    agentSpool();
    MetricBatch cpu = record("input:cpu", Map.of("cpu.user", "12.5"));

    int exit = windlass("spool", "show", "--json", cpu.uuid(), "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(JSON.readTree(out.toString()))
        .isEqualTo(
            JSON.readTree(
                "{\"charmurl\":\"input:cpu\",\"uuid\":\""
                    + cpu.uuid()
                    + "\",\"created\":\"2025-01-01T00:00:00Z\",\"metrics\":[{\"key\":\"cpu.user\","
                    + "\"value\":\"12.5\",\"time\":\"2025-01-01T00:00:00Z\","
                    + "\"labels\":{\"zone\":\"a\"}}],\"unit-tag\":\"agent-7\"}"));
  }

  @Test
  void showFindsARejectedBatch() throws IOException {
    agentSpool();
    MetricBatch cpu = record("input:cpu", Map.of("cpu.user", "12.5"));
    Path rejected = Files.createDirectories(data.resolve("spool/rejected"));
    Files.move(data.resolve("spool/" + cpu.uuid()), rejected.resolve(cpu.uuid()));
    Files.move(
        data.resolve("spool/" + cpu.uuid() + ".meta"), rejected.resolve(cpu.uuid() + ".meta"));

    int exit = windlass("spool", "show", cpu.uuid(), "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).startsWith("uuid:      " + cpu.uuid() + " (rejected)\n");
  }

  @Test
  void showOfAMissingBatchFails() throws IOException {
    agentSpool();
    String uuid = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";

    int exit = windlass("spool", "show", uuid, "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "spool show: no batch "
                + uuid
                + " in "
                + data.resolve("spool").toAbsolutePath()
                + "\n");
  }

  @Test
  void showOfAnUnreadableBatchSaysWhy() throws IOException {
    agentSpool();
    String uuid = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
    Files.writeString(data.resolve("spool/" + uuid + ".meta"), "[]");

    int exit = windlass("spool", "show", uuid, "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "spool show: batch "
                + uuid
                + " cannot be read: batch "
                + uuid
                + " metadata is not a JSON object\n");
  }

  @Test
  void showOfANameThatCannotBeABatchIsAUsageError() throws IOException {
    agentSpool();

    int exit = windlass("spool", "show", "../../etc/passwd", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("may hold only letters, digits and '-'");
  }

  @Test
  void statsPrintsTotals() throws IOException {
    agentSpool();
    MetricBatch cpu = record("input:cpu", Map.of("cpu.user", "12.5", "cpu.system", "3"));
    MetricBatch app = record("local:myapp", Map.of("pings", "7"));
    Files.createDirectories(data.resolve("spool/quarantine"));
    Files.writeString(data.resolve("spool/quarantine/x.meta"), "{");

    int exit = windlass("spool", "stats", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    long bytes = bytes(cpu) + bytes(app);
    assertThat(out.toString())
        .isEqualTo(
            "directory:    "
                + data.resolve("spool").toAbsolutePath()
                + "\nbatches:      2\nmetrics:      3\nbytes:        "
                + bytes
                + "\noldest:       2025-01-01T00:00:00Z (3h 2m ago)\nunreadable:   0\n"
                + "skipped:      0 entries\nquarantined:  1 files\nrejected:     0 files\n");
  }

  @Test
  void statsJson() throws IOException {
    agentSpool();
    record("input:cpu", Map.of("cpu.user", "12.5"));

    int exit = windlass("spool", "stats", "--json", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode root = JSON.readTree(out.toString());
    assertThat(root.path("batches").asInt()).isEqualTo(1);
    assertThat(root.path("metrics").asInt()).isEqualTo(1);
    assertThat(root.path("oldest").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(root.path("oldest-age-seconds").asLong())
        .isEqualTo(Duration.between(T0, NOW).toSeconds());
    assertThat(root.path("quarantined").asInt()).isZero();
    assertThat(root.path("rejected").asInt()).isZero();
  }

  @Test
  void anEmptySpoolHasNoOldestBatch() throws IOException {
    agentSpool();

    assertThat(windlass("spool", "stats", "--json", "--data-dir", data.toString())).isZero();
    assertThat(JSON.readTree(out.toString()).path("oldest").isNull()).isTrue();
    out.getBuffer().setLength(0);
    assertThat(windlass("spool", "stats", "--data-dir", data.toString())).isZero();
    assertThat(out.toString()).contains("\noldest:       -\n");
  }

  @Test
  void withoutASpoolNoAgentHasRun() {
    Path missing = dir.resolve("never");

    for (String[] args :
        List.of(
            new String[] {"spool", "ls", "--data-dir", missing.toString()},
            new String[] {"spool", "stats", "--data-dir", missing.toString()},
            new String[] {
              "spool",
              "show",
              "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
              "--data-dir",
              missing.toString()
            })) {
      err.getBuffer().setLength(0);
      assertThat(windlass(args)).isEqualTo(1);
      assertThat(err.toString())
          .isEqualTo(
              "spool "
                  + args[1]
                  + ": no spool at "
                  + missing.resolve("spool").toAbsolutePath()
                  + ": no agent has run with this data directory\n");
    }
    assertThat(missing).doesNotExist();
  }

  @Test
  void spoolWithoutASubcommandPrintsUsage() {
    assertThat(windlass("spool")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("ls").contains("show").contains("stats");
  }

  @Test
  void formatsSizesAndAges() {
    assertThat(SpoolCommand.bytesInUnits(1023)).isEmpty();
    assertThat(SpoolCommand.bytesInUnits(12_400)).isEqualTo(" (12.1 KiB)");
    assertThat(SpoolCommand.ageText(Duration.ZERO)).isEqualTo("0s");
    assertThat(SpoolCommand.ageText(Duration.ofSeconds(65))).isEqualTo("1m 5s");
    assertThat(SpoolCommand.ageText(Duration.ofDays(3).plusMinutes(5))).isEqualTo("3d");
    assertThat(SpoolCommand.ageText(Duration.ofHours(26))).isEqualTo("1d 2h");
  }
}
