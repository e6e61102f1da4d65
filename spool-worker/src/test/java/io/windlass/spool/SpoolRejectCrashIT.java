package io.windlass.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.internal.SpoolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that rejects batches with SIGKILL at random moments and checks what the next
 * process to open the spool finds: every batch whole in exactly one of the spool and {@code
 * rejected/}, every acknowledged rejection in {@code rejected/}, and no orphaned file.
 */
class SpoolRejectCrashIT {
  private static final int KILLS = 30;
  private static final int BATCHES_PER_ROUND = 30;

  @TempDir Path work;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aKilledRejectionLeavesEveryBatchWholeInExactlyOnePlace() throws Exception {
    Path dir = work.resolve("spool");
    Path stderr = work.resolve("rejecters.log");
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Set<String> written = new HashSet<>();
    Set<String> acknowledged = new HashSet<>();
    int finishedOnOpen = 0;

    for (int kill = 0; kill < KILLS; kill++) {
      String context = "kill " + kill + " (seed " + seed + ")";
      try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
        for (int i = 0; i < BATCHES_PER_ROUND; i++) {
          written.add(
              SpoolWriterMain.writeBatch(spool, "w" + kill, i, 1 + random.nextInt(50)).uuid());
        }
      }
      Process child = start(stderr, dir);
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        int acksBeforeKill = random.nextInt(BATCHES_PER_ROUND / 2) - 1;
        for (int acks = 0; acks < acksBeforeKill; ) {
          String line = out.readLine();
          assertThat(line).as("%s: rejecter ended early; see %s", context, stderr).isNotNull();
          if (acknowledge(line, acknowledged)) {
            acks++;
          }
        }
        assertThat(child.waitFor(random.nextInt(4000), TimeUnit.MICROSECONDS))
            .as(context)
            .isFalse();
        assertThat(child.toHandle().destroyForcibly()).as(context).isTrue();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(context).isTrue();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          acknowledge(line, acknowledged);
        }
      }
      finishedOnOpen += halfDone(dir);
      verify(dir, written, acknowledged, context);
    }
    assertThat(acknowledged).isNotEmpty();
    System.out.printf(
        "%s: %d kills, %d batches, %d rejections acknowledged, %d half-done rejections finished"
            + " on open (seed %d)%n",
        getClass().getSimpleName(),
        KILLS,
        written.size(),
        acknowledged.size(),
        finishedOnOpen,
        seed);
  }

  private static Process start(Path stderr, Path dir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-XX:-UsePerfData",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            SpoolRejecterMain.class.getName(),
            dir.toString()));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
  }

  /** Rejections the kill left between their two renames: data in the spool, metadata rejected. */
  private static int halfDone(Path dir) throws IOException {
    Path rejected = dir.resolve("rejected");
    if (!Files.isDirectory(rejected)) {
      return 0;
    }
    Set<String> names = new HashSet<>(list(dir));
    return (int)
        list(rejected).stream()
            .filter(name -> name.endsWith(".meta"))
            .map(name -> name.substring(0, name.length() - 5))
            .filter(names::contains)
            .count();
  }

  /** Checks the spool as a fresh process sees it. */
  private static void verify(
      Path dir, Set<String> written, Set<String> acknowledged, String context) throws IOException {
    try (SpoolDirectory spool = SpoolDirectory.open(dir);
        MetricReader reader = spool.reader()) {
      Set<String> inSpool = new HashSet<>();
      for (MetricBatch batch : reader.read()) {
        SpoolWriterMain.checkWhole(batch);
        inSpool.add(batch.uuid());
      }
      Set<String> rejected = new HashSet<>();
      for (RejectedBatch batch : reader.rejected()) {
        rejected.add(batch.uuid());
        SpoolWriterMain.checkWhole(readRejected(dir, batch.uuid()));
      }
      Set<String> inBoth = new HashSet<>(inSpool);
      inBoth.retainAll(rejected);
      assertThat(inBoth).as("%s: in both places", context).isEmpty();
      Set<String> everywhere = new HashSet<>(inSpool);
      everywhere.addAll(rejected);
      assertThat(everywhere).as("%s: every batch somewhere", context).isEqualTo(written);
      assertThat(rejected).as(context).containsAll(acknowledged);
      assertThat(dir.resolve("quarantine")).as(context).doesNotExist();
      assertThat(spool.stats().orphansRemoved()).as(context).isZero();
      List<String> loose =
          list(dir).stream()
              .filter(name -> !name.startsWith(".") && !name.equals("rejected"))
              .collect(Collectors.toList());
      assertThat(loose).as(context).hasSize(2 * inSpool.size());
    }
  }

  private static MetricBatch readRejected(Path dir, String uuid) throws IOException {
    Path rejected = dir.resolve("rejected");
    MetricMetadata meta =
        SpoolJson.decodeMeta(uuid, Files.readAllBytes(rejected.resolve(uuid + ".meta")));
    return new MetricBatch(
        meta.charmUrl(),
        uuid,
        meta.created(),
        SpoolJson.decodeMetrics(uuid, Files.readAllBytes(rejected.resolve(uuid))),
        meta.unitTag());
  }

  private static boolean acknowledge(String line, Set<String> acknowledged) {
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[0].equals("REJECTED") || !parts[2].equals("END")) {
      return false;
    }
    acknowledged.add(parts[1]);
    return true;
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
  }
}
