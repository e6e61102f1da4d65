package io.windlass.spool.ingest.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.OverflowPolicy;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestHandlerTest {

  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final DeclaredMetrics DECLARED =
      DeclaredMetrics.of(
          Map.of(
              "pings", MetricKind.COUNTER, "temp", MetricKind.GAUGE, "disk.*", MetricKind.GAUGE));

  @TempDir Path dir;

  private final List<SpoolDirectory> spools = new ArrayList<>();

  @AfterEach
  void closeSpools() throws IOException {
    for (SpoolDirectory spool : spools) {
      spool.close();
    }
  }

  private SpoolDirectory spool(SpoolOptions options) throws IOException {
    SpoolDirectory spool = SpoolDirectory.open(dir.resolve("spool"), options);
    spools.add(spool);
    return spool;
  }

  private SpoolDirectory spool() throws IOException {
    return spool(SpoolOptions.defaults());
  }

  private static IngestHandler handler(MetricFactory factory) {
    return new IngestHandler(factory, DECLARED, "agent-7", CLOCK);
  }

  private static List<MetricBatch> batches(MetricFactory spool) throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read();
    }
  }

  private static List<Metric> metrics(MetricFactory spool) throws IOException {
    return batches(spool).stream()
        .flatMap(batch -> batch.metrics().stream())
        .collect(Collectors.toList());
  }

  @Test
  void validLinesAreAcknowledgedAndStoredInOneBatch() throws Exception {
    SpoolDirectory spool = spool();

    List<String> replies =
        handler(spool)
            .handle(
                List.of(
                    "pings=5 temp=-3.5 --labels zone=a",
                    "{\"key\":\"disk.used\",\"value\":12,\"time\":\"2025-03-02T03:04:05Z\"}"));

    assertThat(replies).containsExactly("ok", "ok");
    List<MetricBatch> batches = batches(spool);
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).charmUrl()).isEqualTo("local:ingest");
    assertThat(batches.get(0).unitTag()).isEqualTo("agent-7");
    assertThat(batches.get(0).metrics())
        .containsExactly(
            new Metric("pings", "5", NOW, Map.of("zone", "a")),
            new Metric("temp", "-3.5", NOW, Map.of("zone", "a")),
            new Metric("disk.used", "12", Instant.parse("2025-03-02T03:04:05Z")));
  }

  @Test
  void metricsWithoutATimeGetTheClocksTime() throws Exception {
    SpoolDirectory spool = spool();
    Instant later = NOW.plusSeconds(60);
    IngestHandler handler =
        new IngestHandler(spool, DECLARED, "agent-7", Clock.fixed(later, ZoneOffset.UTC));

    assertThat(handler.handle(List.of("pings=1"))).containsExactly("ok");
    assertThat(metrics(spool)).containsExactly(new Metric("pings", "1", later));
  }

  @Test
  void repliesKeepTheOrderOfAMixOfGoodAndBadLines() throws Exception {
    SpoolDirectory spool = spool();

    List<String> replies =
        handler(spool)
            .handle(
                List.of(
                    "pings=1",
                    "{\"key\":\"pings\"",
                    "pings=2",
                    "nope=1",
                    "pings=NaN",
                    "temp=x",
                    "pings=-1",
                    "pings=3 --labels 1a=b",
                    "{\"key\":\"pings\",\"value\":1,\"time\":\"soon\"}",
                    "pings=4"));

    assertThat(replies)
        .containsExactly(
            "ok",
            "error: bad JSON: the line ends inside the object",
            "ok",
            "error: metric key \"nope\" is not declared by local:ingest",
            "error: metric \"pings\" value \"NaN\" is not a finite number",
            "error: metric \"temp\" value \"x\" is not a decimal number",
            "error: metric \"pings\" (counter) value \"-1\" must be >= 0",
            "error: metric \"pings\" label name \"1a\" must start with a letter or '_'",
            "error: time \"soon\" is not an RFC 3339 time with an offset, such as"
                + " \"2025-01-02T03:04:05Z\"",
            "ok");
    assertThat(metrics(spool)).extracting(Metric::value).containsExactly("1", "2", "4");
  }

  @Test
  void aLineWithOneBadMetricIsRefusedWhole() throws Exception {
    SpoolDirectory spool = spool();

    List<String> replies =
        handler(spool).handle(List.of("pings=1 temp=2 undeclared=3", "temp=2 pings=-4", "pings=9"));

    assertThat(replies)
        .containsExactly(
            "error: metric key \"undeclared\" is not declared by local:ingest",
            "error: metric \"pings\" (counter) value \"-4\" must be >= 0",
            "ok");
    assertThat(metrics(spool)).containsExactly(new Metric("pings", "9", NOW));
  }

  @Test
  void aBatchOfOnlyRejectedLinesLeavesNoTrace() throws Exception {
    SpoolDirectory spool = spool();
    List<String> before = listing(spool.path());

    List<String> replies = handler(spool).handle(List.of("nope=1", "", "pings=abc"));

    assertThat(replies)
        .containsExactly(
            "error: metric key \"nope\" is not declared by local:ingest",
            "error: empty request: expected key=value or a JSON object",
            "error: metric \"pings\" value \"abc\" is not a decimal number");
    assertThat(listing(spool.path())).isEqualTo(before);
    assertThat(batches(spool)).isEmpty();
  }

  @Test
  void eachCallIsOneSpoolBatchClosedOnce() throws Exception {
    CountingFactory factory = new CountingFactory(spool());
    IngestHandler handler = handler(factory);

    List<String> lines =
        IntStream.range(0, 500).mapToObj(i -> "pings=" + i).collect(Collectors.toList());
    assertThat(handler.handle(lines)).hasSize(500).containsOnly("ok");
    assertThat(handler.handle(List.of("pings=1", "pings=2"))).containsOnly("ok");

    assertThat(factory.recorders.get()).isEqualTo(2);
    assertThat(factory.closes.get()).isEqualTo(2);
    assertThat(batches(factory.delegate)).hasSize(2);
    assertThat(metrics(factory.delegate)).hasSize(502);
  }

  @Test
  void aFullSpoolThatRejectsNewDataFailsEveryValidLineAndStoresNone() throws Exception {
    SpoolDirectory spool =
        spool(
            SpoolOptions.builder().maxBatches(1).overflowPolicy(OverflowPolicy.REJECT_NEW).build());
    IngestHandler handler = handler(spool);
    assertThat(handler.handle(List.of("pings=1"))).containsExactly("ok");

    List<String> replies = handler.handle(List.of("pings=2", "nope=1", "temp=3 --labels a=b"));

    assertThat(replies.get(0)).startsWith("error: ").contains("full");
    assertThat(replies.get(1))
        .isEqualTo("error: metric key \"nope\" is not declared by local:ingest");
    assertThat(replies.get(2)).isEqualTo(replies.get(0));
    assertThat(metrics(spool)).containsExactly(new Metric("pings", "1", NOW));
  }

  @Test
  void aFailedCloseFailsEveryLineOfTheBatch() throws Exception {
    SpoolDirectory spool = spool();
    MetricFactory failing =
        new ForwardingFactory(spool) {
          @Override
          public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
              throws IOException {
            MetricRecorder recorder = super.recorder(declared, charmUrl, unitTag);
            return new ForwardingRecorder(recorder) {
              @Override
              public void close() throws IOException {
                throw new IOException("No space left on device");
              }
            };
          }
        };

    List<String> replies = handler(failing).handle(List.of("pings=1", "x=1", "pings=2"));

    assertThat(replies)
        .containsExactly(
            "error: spool disk is full: not stored, retry later",
            "error: metric key \"x\" is not declared by local:ingest",
            "error: spool disk is full: not stored, retry later");
    assertThat(batches(spool)).isEmpty();
  }

  @Test
  void aRecorderThatCannotBeMadeFailsEveryValidLine() throws Exception {
    MetricFactory broken =
        new ForwardingFactory(spool()) {
          @Override
          public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
              throws IOException {
            throw new IOException("spool directory is gone");
          }
        };

    assertThat(handler(broken).handle(List.of("pings=1", "pings=x")))
        .containsExactly(
            "error: not stored: spool directory is gone",
            "error: metric \"pings\" value \"x\" is not a decimal number");
  }

  /**
   * Lines that together exceed max-batch-bytes go into several spool batches, each whole; a line
   * that does not fit a spool batch on its own is refused and leaves no part behind.
   */
  @Test
  void linesBeyondOneSpoolBatchAreSplitAtLineBoundaries() throws Exception {
    SpoolDirectory spool =
        spool(SpoolOptions.builder().maxBytes(1 << 20).maxBatchBytes(400).build());
    String bigLine =
        IntStream.range(0, 10).mapToObj(i -> "disk.m" + i + "=1").collect(Collectors.joining(" "));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lines.add("pings=" + i + " temp=" + i);
    }
    lines.add(3, bigLine);

    List<String> replies = handler(spool).handle(lines);

    assertThat(replies.get(3)).startsWith("error: request does not fit in one spool batch: ");
    assertThat(replies.subList(0, 3)).containsOnly("ok");
    assertThat(replies.subList(4, 9)).containsOnly("ok");
    List<MetricBatch> batches = batches(spool);
    assertThat(batches).hasSizeGreaterThan(1);
    for (MetricBatch batch : batches) {
      // every batch holds whole lines: pairs of pings and temp with the same value
      List<Metric> metrics = batch.metrics();
      assertThat(metrics.size() % 2).isZero();
      for (int i = 0; i < metrics.size(); i += 2) {
        assertThat(metrics.get(i).key()).isEqualTo("pings");
        assertThat(metrics.get(i + 1).key()).isEqualTo("temp");
        assertThat(metrics.get(i + 1).value()).isEqualTo(metrics.get(i).value());
      }
    }
    assertThat(metrics(spool).stream().map(Metric::key)).doesNotContain("disk.m0");
    assertThat(metrics(spool)).hasSize(16);
  }

  @Test
  void constructorChecksItsArguments() throws Exception {
    SpoolDirectory spool = spool();
    assertThatThrownBy(
            () -> new IngestHandler(spool, DECLARED, "", "a", CLOCK, new IngestRequestParser()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IngestHandler(spool, DECLARED, "", CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(Path::toString).sorted().collect(Collectors.toList());
    }
  }

  // ---- small fakes

  private static class ForwardingFactory implements MetricFactory {
    final MetricFactory delegate;

    ForwardingFactory(MetricFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
        throws IOException {
      return delegate.recorder(declared, charmUrl, unitTag);
    }

    @Override
    public MetricReader reader() throws IOException {
      return delegate.reader();
    }
  }

  private static class ForwardingRecorder implements MetricRecorder {
    private final MetricRecorder delegate;

    ForwardingRecorder(MetricRecorder delegate) {
      this.delegate = delegate;
    }

    @Override
    public void addMetric(
        String key, String value, Instant created, @Nullable Map<String, String> labels)
        throws IOException {
      delegate.addMetric(key, value, created, labels);
    }

    @Override
    public boolean isDeclaredMetric(String key) {
      return delegate.isDeclaredMetric(key);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }

  /** Counts recorders made and closed. */
  static final class CountingFactory extends ForwardingFactory {
    final AtomicInteger recorders = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    CountingFactory(MetricFactory delegate) {
      super(delegate);
    }

    @Override
    public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
        throws IOException {
      recorders.incrementAndGet();
      return new ForwardingRecorder(super.recorder(declared, charmUrl, unitTag)) {
        @Override
        public void close() throws IOException {
          closes.incrementAndGet();
          super.close();
        }
      };
    }
  }
}
