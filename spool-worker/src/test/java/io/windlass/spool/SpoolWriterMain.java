package io.windlass.spool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A process that writes batches into a spool and acknowledges each one on standard output once its
 * recorder's close() has returned, for tests that need a second process or one to kill:
 *
 * <pre>
 * SpoolWriterMain forever &lt;dir&gt; &lt;writer&gt; &lt;seed&gt;     # until killed
 * SpoolWriterMain count &lt;dir&gt; &lt;writer&gt; &lt;seed&gt; &lt;n&gt;  # n batches, then exit 0
 * </pre>
 *
 * Output: {@code READY} once the spool is open, then per batch {@code ACK <uuid> <writer> <seq>
 * <metrics> END}. Batches alternate between JSON lines and the binary form. Every batch is
 * checkable on its own with {@link #checkWhole}.
 */
public final class SpoolWriterMain {
  static final String SOURCE = "test:writer";

  private SpoolWriterMain() {}

  /**
   * Starts this class in a child JVM: the same java and the test class path, tuned to start fast.
   * Standard error goes to {@code stderr}.
   */
  static Process start(Path stderr, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>();
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
            SpoolWriterMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
  }

  public static void main(String[] args) throws IOException {
    boolean forever = args[0].equals("forever");
    Path dir = Path.of(args[1]);
    String writer = args[2];
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
    long count = forever ? Long.MAX_VALUE : Long.parseLong(args[4]);
    PrintStream out = System.out;
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir, SpoolOptions.builder().rescanInterval(Duration.ZERO).build())) {
      out.println("READY");
      out.flush();
      for (long seq = 0; seq < count; seq++) {
        // Mostly small batches; one in eight large enough to be streamed to disk before close.
        int metrics = random.nextInt(8) == 0 ? 2000 + random.nextInt(1500) : 1 + random.nextInt(40);
        JsonMetricRecorder recorder = writeBatch(spool, writer, seq, metrics);
        out.println("ACK " + recorder.uuid() + " " + writer + " " + seq + " " + metrics + " END");
        out.flush();
      }
    }
  }

  /**
   * Records and closes one batch whose every metric says where it belongs: in JSON lines if {@code
   * seq} is even, in the binary form if it is odd.
   */
  static JsonMetricRecorder writeBatch(SpoolDirectory spool, String writer, long seq, int metrics)
      throws IOException {
    BatchFormat format = seq % 2 == 0 ? BatchFormat.JSON_LINES : BatchFormat.BINARY;
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), SOURCE, writer, format);
    for (int i = 0; i < metrics; i++) {
      recorder.addMetric(
          "m" + i % 7,
          Long.toString(seq * 100_000 + i),
          Instant.ofEpochSecond(1_700_000_000L + seq, i),
          Map.of(
              "writer", writer,
              "seq", Long.toString(seq),
              "i", Integer.toString(i),
              "n", Integer.toString(metrics)));
    }
    recorder.close();
    return recorder;
  }

  /**
   * Checks that a batch {@link #writeBatch} wrote is whole and intact: every metric, in order, as
   * written. Returns "writer/seq".
   */
  static String checkWhole(MetricBatch batch) {
    List<Metric> metrics = batch.metrics();
    if (!batch.charmUrl().equals(SOURCE) || metrics.isEmpty()) {
      throw new AssertionError("not a test batch: " + batch.uuid());
    }
    Map<String, String> first = metrics.get(0).labels();
    String writer = first.get("writer");
    long seq = Long.parseLong(first.get("seq"));
    int n = Integer.parseInt(first.get("n"));
    if (metrics.size() != n || !batch.unitTag().equals(writer)) {
      throw new AssertionError(
          "batch " + batch.uuid() + " holds " + metrics.size() + " of its " + n + " metrics");
    }
    for (int i = 0; i < n; i++) {
      Metric expected =
          new Metric(
              "m" + i % 7,
              Long.toString(seq * 100_000 + i),
              Instant.ofEpochSecond(1_700_000_000L + seq, i),
              Map.of(
                  "writer", writer,
                  "seq", Long.toString(seq),
                  "i", Integer.toString(i),
                  "n", Integer.toString(n)));
      if (!metrics.get(i).equals(expected)) {
        throw new AssertionError(
            "batch "
                + batch.uuid()
                + " metric "
                + i
                + " is "
                + metrics.get(i)
                + ", not "
                + expected);
      }
    }
    return writer + "/" + seq;
  }
}
