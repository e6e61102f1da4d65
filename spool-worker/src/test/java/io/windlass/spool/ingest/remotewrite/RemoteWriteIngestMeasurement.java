package io.windlass.spool.ingest.remotewrite;

import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.message;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.sample;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.series;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.snappy;

import com.sun.management.ThreadMXBean;
import io.windlass.spool.BatchCursor;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.format.PushParsers;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A quick local measurement of the durable remote-write path without HTTP, not a timed test: one
 * thread stores a million samples as 100 remote write 1.0 requests of 1,000 series × 10 timestamps
 * (the forwarding benchmark's shape) into a real spool, then reads and removes them as the sender
 * does; per round it prints the thread's user and total (user + kernel) CPU seconds per million for
 * both. The kernel share is the durable publishing: per request two data files written and
 * fdatasynced, two renames and a directory fsync. With {@code text}, the same samples go as the
 * forwarding benchmark's Prometheus text bodies through the text push path instead.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp ... io.windlass.spool.ingest.remotewrite.RemoteWriteIngestMeasurement \
 *     [rounds=10] [binary=true] [text=false]
 * </pre>
 */
public final class RemoteWriteIngestMeasurement {
  private static final int REQUESTS = 100;
  private static final int SERIES = 1_000;
  private static final int TIMESTAMPS = 10;

  private RemoteWriteIngestMeasurement() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    boolean binary = args.length <= 1 || Boolean.parseBoolean(args[1]);
    boolean text = args.length > 2 && Boolean.parseBoolean(args[2]);
    Path dir = Files.createTempDirectory("remote-write-measurement");
    Instant now = Instant.now();
    List<byte[]> bodies = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      List<RemoteWriteMessages.Fields> all = new ArrayList<>();
      for (int s = 0; s < SERIES; s++) {
        byte[][] samples = new byte[TIMESTAMPS][];
        for (int t = 0; t < TIMESTAMPS; t++) {
          samples[t] = sample(s + t * 0.5 + b, now.toEpochMilli() - 60_000 + b * 100L + t * 10L);
        }
        all.add(
            series(
                Map.of(
                    "__name__",
                    "bench_metric_" + (s % 10),
                    "series",
                    "s" + s,
                    "job",
                    "bench",
                    "instance",
                    "host-1"),
                samples));
      }
      bodies.add(snappy(message(all.toArray(new RemoteWriteMessages.Fields[0]))));
    }
    List<byte[]> texts = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      StringBuilder body = new StringBuilder(SERIES * TIMESTAMPS * 48);
      for (int t = 0; t < TIMESTAMPS; t++) {
        long millis = now.toEpochMilli() - 60_000 + b * 100L + t * 10L;
        for (int s = 0; s < SERIES; s++) {
          body.append("bench_metric{series=\"s")
              .append(s)
              .append("\",job=\"bench\"} ")
              .append(s + t * 0.5 + b)
              .append(' ')
              .append(millis)
              .append('\n');
        }
      }
      texts.add(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir, SpoolOptions.builder().binaryBatches(binary).build())) {
      HttpIngest ingest =
          new HttpIngest(
              spool,
              DeclaredMetrics.anyValue(),
              "agent-1",
              64 << 20,
              Clock.systemUTC(),
              SampleTimeBounds.defaults(),
              new IngestStats(),
              new PushParsers());
      for (int round = 0; round < rounds; round++) {
        long user = threads.getCurrentThreadUserTime();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < REQUESTS; i++) {
          PushOutcome outcome =
              text
                  ? ingest.push(
                      PushFormat.PROMETHEUS,
                      new ByteArrayInputStream(texts.get(i % texts.size())),
                      Precision.NANOSECONDS)
                  : ingest.push(
                      PushFormat.REMOTE_WRITE_1,
                      new RemoteWriteRequest(
                          RemoteWriteVersion.V1,
                          new ByteArrayInputStream(bodies.get(i % bodies.size())),
                          64 << 20));
          if (!outcome.isStored()) {
            throw new IllegalStateException("not stored: " + outcome);
          }
        }
        long ingestUser = threads.getCurrentThreadUserTime() - user;
        long ingestCpu = threads.getCurrentThreadCpuTime() - cpu;
        user = threads.getCurrentThreadUserTime();
        cpu = threads.getCurrentThreadCpuTime();
        long read = 0;
        try (MetricReader reader = spool.reader();
            BatchCursor cursor = reader.oldestFirst(REQUESTS, 1L << 30)) {
          for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
            read += batch.metrics().size();
            reader.remove(batch.uuid());
          }
        }
        System.out.printf(
            "round %d: store user %.3f total %.3f CPU-s/M; read+remove user %.3f total %.3f"
                + " CPU-s/M (%d samples)%n",
            round,
            ingestUser / 1e9,
            ingestCpu / 1e9,
            (threads.getCurrentThreadUserTime() - user) / 1e9,
            (threads.getCurrentThreadCpuTime() - cpu) / 1e9,
            read);
      }
    }
  }
}
