package io.windlass.spool.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SeriesRecorder;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.format.PushParsers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes stored through {@link HttpIngest} into a real spool, with failures injected. */
class HttpIngestTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private SpoolDirectory spool;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir);
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private HttpIngest ingest(MetricFactory factory, int maxConcurrent, Duration queueWait) {
    return new HttpIngest(
        factory,
        DeclaredMetrics.any(),
        "agent-1",
        64L * 1024 * 1024,
        CLOCK,
        SampleTimeBounds.defaults(),
        new IngestStats(),
        new PushParsers(),
        maxConcurrent,
        queueWait,
        Duration.ofMinutes(1));
  }

  private static InputStream body(int series) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < series; i++) {
      text.append("push_metric{series=\"").append(i).append("\",pad=\"");
      text.append("x".repeat(100)).append("\"} ").append(i).append('\n');
    }
    return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private List<Path> stagedFiles() throws IOException {
    Path staging = dir.resolve(".staging");
    if (!Files.isDirectory(staging)) {
      return List.of();
    }
    try (var files = Files.walk(staging)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aPushIsStoredWhole() throws IOException {
    PushOutcome outcome =
        ingest(spool, 4, Duration.ZERO)
            .push(PushFormat.PROMETHEUS, body(5_000), Precision.NANOSECONDS);

    assertThat(outcome).isEqualTo(PushOutcome.stored(5_000));
    assertThat(spool.stats().publishedMetrics()).isEqualTo(5_000);
    assertThat(stagedFiles()).isEmpty();
  }

  private static InputStream text(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> storedKeys() throws IOException {
    return spool.reader().read().stream()
        .flatMap(batch -> batch.metrics().stream())
        .map(metric -> metric.key())
        .toList();
  }

  @Test
  void aBodyWithOneBadLineIs400AndStoresNothing() throws IOException {
    String good = "a 1\nb{x=\"y\"} 2 # {trace_id=\"t\"} 1\n";
    HttpIngest ingest = ingest(spool, 4, Duration.ZERO);

    PushOutcome prometheus =
        ingest.push(PushFormat.PROMETHEUS, text(good + "c{ 3\n" + good), Precision.NANOSECONDS);
    PushOutcome influx =
        ingest.push(PushFormat.INFLUX, text("m x=1\nm x=\n m y=2\n"), Precision.NANOSECONDS);

    assertThat(prometheus.status()).isEqualTo(PushOutcome.BAD_REQUEST);
    assertThat(prometheus.message()).startsWith("line 3: ");
    assertThat(influx.status()).isEqualTo(PushOutcome.BAD_REQUEST);
    assertThat(influx.message()).startsWith("line 2: ");
    assertThat(storedKeys()).isEmpty();
    assertThat(spool.stats().publishedMetrics()).isZero();
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void theSpecsSyntaxIsStored() throws IOException {
    HttpIngest ingest = ingest(spool, 4, Duration.ZERO);
    long seconds = CLOCK.instant().getEpochSecond();

    PushOutcome openMetrics =
        ingest.push(
            PushFormat.PROMETHEUS,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
            text(
                "# TYPE foo counter\nfoo_total 17.0 "
                    + seconds
                    + " # {id=\"counter-test\"} 5\n"
                    + "foo_bucket{le=\"1\"} 3 # {trace_id=\"a\"} 1 1.5\n# EOF\n"),
            Precision.NANOSECONDS);
    PushOutcome influx =
        ingest.push(
            PushFormat.INFLUX,
            text("m f\\ ield=1,s=\"a \\\"b\\\\\",b=t,i=2i,u=3u\n"),
            Precision.NANOSECONDS);

    assertThat(openMetrics).isEqualTo(PushOutcome.stored(2));
    assertThat(influx).isEqualTo(PushOutcome.stored(4));
    assertThat(storedKeys())
        .containsExactlyInAnyOrder("foo_total", "foo_bucket", "m_f_ield", "m_b", "m_i", "m_u");
  }

  /**
   * Covers a bug where a full disk was answered 500 with a Java exception's name, and logged with a
   * stack trace per request.
   */
  @Test
  void aFullDiskIs507SayingSoAndLeavesNothingInTheSpoolOrStaging() throws IOException {
    // The disk fills up after the request's first batch has spilled to its temporary file.
    MetricFactory filling = new FailingSpool(spool, 4_000, "No space left on device");
    HttpIngest ingest = ingest(filling, 4, Duration.ZERO);

    PushOutcome outcome = ingest.push(PushFormat.PROMETHEUS, body(5_000), Precision.NANOSECONDS);

    assertThat(outcome.status()).isEqualTo(PushOutcome.INSUFFICIENT_STORAGE);
    assertThat(outcome.message())
        .isEqualTo("spool disk is full: not stored, retry later")
        .doesNotContain("Exception", "java.");
    assertThat(spool.stats().publishedMetrics()).isZero();
    assertThat(stagedFiles()).isEmpty();

    assertThat(
            ingest(spool, 4, Duration.ZERO)
                .push(PushFormat.PROMETHEUS, body(10), Precision.NANOSECONDS))
        .isEqualTo(PushOutcome.stored(10));
  }

  @Test
  void anotherSpoolFailureIs500WithItsMessageButNoExceptionName() throws IOException {
    MetricFactory broken = new FailingSpool(spool, 10, "Input/output error");

    PushOutcome outcome =
        ingest(broken, 4, Duration.ZERO)
            .push(PushFormat.PROMETHEUS, body(100), Precision.NANOSECONDS);

    assertThat(outcome.status()).isEqualTo(PushOutcome.FAILED);
    assertThat(outcome.message())
        .isEqualTo("not stored: the spool failed: Input/output error")
        .doesNotContain("Exception");
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void pushesPastTheConcurrencyLimitWaitForATurnThenGet503() throws Exception {
    HttpIngest ingest = ingest(spool, 1, Duration.ZERO);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream stalled =
        new InputStream() {
          private final InputStream rest = body(10);

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            reading.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return rest.read(b, off, len);
          }
        };
    CompletableFuture<PushOutcome> first =
        CompletableFuture.supplyAsync(
            () -> ingest.push(PushFormat.PROMETHEUS, stalled, Precision.NANOSECONDS));
    assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();

    PushOutcome second = ingest.push(PushFormat.PROMETHEUS, body(10), Precision.NANOSECONDS);

    assertThat(second.status()).isEqualTo(PushOutcome.UNAVAILABLE);
    assertThat(second.message())
        .isEqualTo(
            "not stored: the agent is busy storing other pushes (none ended within 0 s); retry"
                + " later");
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(PushOutcome.stored(10));
    assertThat(ingest.push(PushFormat.PROMETHEUS, body(10), Precision.NANOSECONDS))
        .isEqualTo(PushOutcome.stored(10));
  }

  @Test
  void pushesPastTheWaitingLimitGet503AtOnce() throws Exception {
    HttpIngest ingest = ingest(spool, 1, Duration.ofMinutes(10));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch reading = new CountDownLatch(1);
    List<CompletableFuture<PushOutcome>> held = new java.util.ArrayList<>();
    held.add(
        CompletableFuture.supplyAsync(
            () ->
                ingest.push(
                    PushFormat.PROMETHEUS, stalledBody(reading, release), Precision.NANOSECONDS)));
    assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
    java.util.concurrent.ExecutorService waiters =
        java.util.concurrent.Executors.newFixedThreadPool(HttpIngest.MAX_WAITING_PUSHES);
    try {
      for (int i = 0; i < HttpIngest.MAX_WAITING_PUSHES; i++) {
        held.add(
            CompletableFuture.supplyAsync(
                () -> ingest.push(PushFormat.PROMETHEUS, body(10), Precision.NANOSECONDS),
                waiters));
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ingest.waitingPushes() == HttpIngest.MAX_WAITING_PUSHES);

      PushOutcome refused = ingest.push(PushFormat.PROMETHEUS, body(10), Precision.NANOSECONDS);

      assertThat(refused.status()).isEqualTo(PushOutcome.UNAVAILABLE);
      assertThat(refused.message()).contains("8 are waiting");
      release.countDown();
      for (CompletableFuture<PushOutcome> outcome : held) {
        assertThat(outcome.get(60, TimeUnit.SECONDS)).isEqualTo(PushOutcome.stored(10));
      }
    } finally {
      release.countDown();
      waiters.shutdownNow();
    }
  }

  /** A body of 10 series that stops before its first read until {@code release}. */
  private static InputStream stalledBody(CountDownLatch reading, CountDownLatch release) {
    return new InputStream() {
      private final InputStream rest = body(10);

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        reading.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return rest.read(b, off, len);
      }
    };
  }

  @Test
  void aLineLongerThanTheLineLimitIs413() {
    String line = "m{v=\"" + "x".repeat(HttpIngest.MAX_LINE_BYTES) + "\"} 1\n";
    PushOutcome outcome =
        ingest(spool, 4, Duration.ZERO)
            .push(
                PushFormat.PROMETHEUS,
                new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)),
                Precision.NANOSECONDS);

    assertThat(outcome.status()).isEqualTo(PushOutcome.TOO_LARGE);
    assertThat(outcome.message()).isEqualTo("line 1 is longer than 1048576 bytes");
  }

  /** A spool whose recorders fail with {@code message} from their {@code failAt}th sample on. */
  private static final class FailingSpool implements MetricFactory {
    private final MetricFactory spool;
    private final int failAt;
    private final String message;
    private final AtomicInteger samples = new AtomicInteger();

    FailingSpool(MetricFactory spool, int failAt, String message) {
      this.spool = spool;
      this.failAt = failAt;
      this.message = message;
    }

    private void sample() throws IOException {
      if (samples.incrementAndGet() >= failAt) {
        throw new IOException(message);
      }
    }

    @Override
    public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
        throws IOException {
      MetricRecorder recorder = spool.recorder(declared, charmUrl, unitTag);
      return new MetricRecorder() {
        @Override
        public void addMetric(
            String key, String value, Instant created, @Nullable Map<String, String> labels)
            throws IOException {
          sample();
          recorder.addMetric(key, value, created, labels);
        }

        @Override
        public SeriesRecorder series(String key, @Nullable Map<String, String> labels) {
          SeriesRecorder handle = recorder.series(key, labels);
          return (value, created) -> {
            sample();
            handle.add(value, created);
          };
        }

        @Override
        public boolean isDeclaredMetric(String key) {
          return recorder.isDeclaredMetric(key);
        }

        @Override
        public void flush() throws IOException {
          recorder.flush();
        }

        @Override
        public void close() throws IOException {
          recorder.close();
        }

        @Override
        public void discard() {
          recorder.discard();
        }
      };
    }

    @Override
    public MetricReader reader() throws IOException {
      return spool.reader();
    }
  }
}
