package io.windlass.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments and checks what a reader finds after each
 * kill: no part of a batch, every acknowledged batch whole, nothing twice.
 */
class SpoolDirectoryCrashIT {
  private static final int KILLS = 50;

  @TempDir Path work;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyAcknowledgedBatchSurvivesSigkillWholeAndNoPartialBatchIsVisible() throws Exception {
    Path dir = work.resolve("spool");
    Path stderr = work.resolve("writers.log");
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Map<String, String> acknowledged = new HashMap<>(); // uuid -> writer/seq, still in the spool
    int acked = 0;
    Set<String> unacknowledgedSeen = new HashSet<>();
    long[] leftoversRemoved = new long[1];

    for (int kill = 0; kill < KILLS; kill++) {
      String context = "kill " + kill + " (seed " + seed + ")";
      String writer = "w" + kill;
      Process child =
          SpoolWriterMain.start(
              stderr, "forever", dir.toString(), writer, Long.toString(seed + kill));
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        // -1: kill at once, during JVM start-up or while the spool opens and cleans up.
        int acksBeforeKill = random.nextInt(12) - 1;
        for (int acks = 0; acks < acksBeforeKill; ) {
          String line = out.readLine();
          assertThat(line).as("%s: writer ended early; see %s", context, stderr).isNotNull();
          if (acknowledge(line, acknowledged)) {
            acks++;
            acked++;
          }
        }
        // Land the kill anywhere in the next batch's life (building, streaming, fsyncs, renames,
        // the directory sync): a timed wait on the child, which is still running, of 0 to 4 ms.
        assertThat(child.waitFor(random.nextInt(4000), TimeUnit.MICROSECONDS))
            .as(context)
            .isFalse();
        // SIGKILL, through the handle: Process.destroyForcibly() would also close our end of the
        // pipe, losing acknowledgements the writer printed just before it died.
        assertThat(child.toHandle().destroyForcibly()).as(context).isTrue();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(context).isTrue();
        // Acknowledgements printed before the kill; a line cut short by it is ignored.
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (acknowledge(line, acknowledged)) {
            acked++;
          }
        }
      }
      verifyAndThinOut(dir, acknowledged, unacknowledgedSeen, leftoversRemoved, random, context);
    }
    assertThat(acked).isGreaterThan(KILLS);
    System.out.printf(
        "%s: %d kills, %d acknowledged batches survived, %d more were durable before their"
            + " acknowledgement, %d leftover files removed (seed %d)%n",
        getClass().getSimpleName(),
        KILLS,
        acked,
        unacknowledgedSeen.size(),
        leftoversRemoved[0],
        seed);
  }

  /**
   * Checks the spool as a fresh process sees it, then removes about half of its batches (so the
   * spool stays small and removal runs between crashes too).
   */
  private static void verifyAndThinOut(
      Path dir,
      Map<String, String> acknowledged,
      Set<String> unacknowledgedSeen,
      long[] leftoversRemoved,
      Random random,
      String context)
      throws IOException {
    try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
      leftoversRemoved[0] += spool.stats().tempFilesRemoved() + spool.stats().orphansRemoved();
      Map<String, String> visible = new HashMap<>();
      Set<String> ids = new HashSet<>();
      JsonMetricReader reader = spool.reader();
      for (MetricBatch batch : reader.read()) {
        String id = SpoolWriterMain.checkWhole(batch);
        assertThat(ids.add(id)).as("%s: %s is visible twice", context, id).isTrue();
        visible.put(batch.uuid(), id);
      }
      assertThat(visible).as(context).containsAllEntriesOf(acknowledged);
      assertThat(dir.resolve("quarantine")).as(context).doesNotExist();
      // Opened alone, the spool has removed every leftover of the killed writer.
      List<String> names = list(dir);
      assertThat(names)
          .as(context)
          .allMatch(n -> !n.startsWith(".") || n.equals(".windlass.lock") || n.equals(".staging"));
      for (String slot : list(dir.resolve(".staging"))) {
        assertThat(list(dir.resolve(".staging").resolve(slot))).as(context).isEmpty();
      }
      assertThat(names.stream().filter(n -> !n.startsWith(".")))
          .as(context)
          .hasSize(2 * visible.size());

      for (String uuid : visible.keySet()) {
        if (!acknowledged.containsKey(uuid)) {
          unacknowledgedSeen.add(uuid);
        }
        if (random.nextBoolean()) {
          reader.remove(uuid);
          acknowledged.remove(uuid);
        }
      }
    }
  }

  private static boolean acknowledge(String line, Map<String, String> acknowledged) {
    String[] parts = line.split(" ");
    if (parts.length != 6 || !parts[0].equals("ACK") || !parts[5].equals("END")) {
      return false;
    }
    acknowledged.put(parts[1], parts[2] + "/" + parts[3]);
    return true;
  }

  private static List<String> list(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
  }
}
