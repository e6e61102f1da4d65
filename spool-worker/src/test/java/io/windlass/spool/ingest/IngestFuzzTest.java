package io.windlass.spool.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.LineConnectionHandler;
import io.windlass.spool.Metric;
import io.windlass.spool.SocketListener;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Fuzzes the request lines of {@code ingest.sock} in both forms ({@link IngestRequestParser}), and
 * the all-or-nothing rule of a batch of them ({@link IngestHandler}).
 */
@Tag(FuzzSettings.TAG)
class IngestFuzzTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IngestRequestParser parser = new IngestRequestParser();

  /** What parsing a line gave: its metrics, or the error's message. */
  record Parsed(List<Metric> metrics, String error) {}

  private Parsed parse(String line) throws Exception {
    return Bounded.call(
        () -> {
          try {
            return new Parsed(parser.parse(line, NOW), "");
          } catch (IngestRequestException e) {
            assertThat(e.getMessage()).as("the message of %s", e).isNotBlank();
            return new Parsed(List.of(), e.getMessage());
          }
        });
  }

  @Property
  void parsesOrRefusesNearValidLinesWithAMessage(@ForAll("nearValidLines") String line)
      throws Exception {
    Parsed parsed = parse(line);

    assertThat(parsed.error().isEmpty()).isNotEqualTo(parsed.metrics().isEmpty());
  }

  @Property
  void parsesOrRefusesArbitraryLinesWithAMessage(@ForAll String line) throws Exception {
    parse(line);
  }

  @Property
  void readsBackTextLines(@ForAll("textSamples") List<Metric> metrics) throws Exception {
    assertThat(parse(textLine(metrics))).isEqualTo(new Parsed(metrics, ""));
  }

  @Property
  void readsBackJsonLines(@ForAll("jsonSamples") Metric metric) throws Exception {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("key", metric.key());
    object.put("value", metric.value());
    if (!metric.labels().isEmpty()) {
      object.put("labels", metric.labels());
    }
    object.put("time", metric.time().toString());

    assertThat(parse(JSON.writeValueAsString(object))).isEqualTo(new Parsed(List.of(metric), ""));
  }

  /**
   * A batch of lines, some of them bad: the spool holds exactly the metrics of the lines answered
   * {@code ok}, and nothing of a line answered {@code error}.
   */
  @Property(tries = 30)
  void storesExactlyTheLinesItAcknowledges(@ForAll("nearValidBatches") List<String> lines)
      throws Exception {
    Path dir = Files.createTempDirectory("ingest-fuzz");
    try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
      IngestHandler handler =
          new IngestHandler(
              spool, DeclaredMetrics.any(), "unit-fuzz-0", Clock.fixed(NOW, ZoneOffset.UTC));

      List<String> replies = Bounded.call(() -> handler.handle(lines));

      assertThat(replies).hasSize(lines.size());
      List<Metric> acknowledged = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (replies.get(i).equals("ok")) {
          acknowledged.addAll(parser.parse(lines.get(i), NOW));
        } else {
          assertThat(replies.get(i)).startsWith("error: ").hasSizeGreaterThan(7);
        }
      }
      List<Metric> stored =
          spool.reader().read().stream().flatMap(batch -> batch.metrics().stream()).toList();
      assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * The whole socket: a stream of near-valid lines (bytes that are not UTF-8, lines over the limit,
   * CRLF and an unterminated last line included) gets one reply per line, in order, and the spool
   * holds exactly the metrics of the lines answered {@code ok}.
   */
  @Property(tries = 20)
  void answersEveryLineOfAStreamAndStoresExactlyThoseAcknowledged(
      @ForAll("nearValidStreams") byte[] stream) throws Exception {
    Path dir = Files.createTempDirectory("ingest-fuzz");
    SocketListener listener = null;
    try (SpoolDirectory spool = SpoolDirectory.open(dir.resolve("spool"))) {
      Path socket = dir.resolve("ingest.sock");
      listener =
          new SocketListener(
              socket,
              new LineConnectionHandler(
                  new IngestHandler(
                      spool,
                      DeclaredMetrics.any(),
                      "unit-fuzz-0",
                      Clock.fixed(NOW, ZoneOffset.UTC)),
                  MAX_LINE_LENGTH));
      listener.startAsync().awaitRunning(Bounded.LIMIT);

      List<String> replies =
          Bounded.call(
              () -> {
                try (AFUNIXSocket client = AFUNIXSocket.newInstance()) {
                  client.connect(AFUNIXSocketAddress.of(socket));
                  client.getOutputStream().write(stream);
                  client.shutdownOutput();
                  return new String(client.getInputStream().readAllBytes(), UTF_8).lines().toList();
                }
              });

      List<byte[]> lines = lines(stream);
      assertThat(replies).hasSize(lines.size());
      List<Metric> acknowledged = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (replies.get(i).equals("ok")) {
          acknowledged.addAll(parser.parse(new String(lines.get(i), UTF_8), NOW));
        } else {
          assertThat(replies.get(i)).startsWith("error: ").hasSizeGreaterThan(7);
        }
      }
      List<Metric> stored =
          spool.reader().read().stream().flatMap(batch -> batch.metrics().stream()).toList();
      assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
    } finally {
      if (listener != null) {
        listener.stopAsync().awaitTerminated(Bounded.LIMIT);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * The longest line of the socket in {@link
   * #answersEveryLineOfAStreamAndStoresExactlyThoseAcknowledged}.
   */
  private static final int MAX_LINE_LENGTH = 512;

  /** The lines of a stream as the protocol cuts it: at newlines, one CR before them dropped. */
  private static List<byte[]> lines(byte[] stream) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= stream.length; i++) {
      if (i == stream.length ? i > start : stream[i] == '\n') {
        int end = i > start && stream[i - 1] == '\r' ? i - 1 : i;
        lines.add(java.util.Arrays.copyOfRange(stream, start, end));
        start = i + 1;
      }
    }
    return lines;
  }

  @Provide
  Arbitrary<byte[]> nearValidStreams() {
    return Mutations.ofBytes(validLines().list().ofMinSize(1).ofMaxSize(8).map(Mutations::lines));
  }

  // ---- generators

  @Provide
  Arbitrary<String> nearValidLines() {
    return Mutations.ofText(validLines());
  }

  @Provide
  Arbitrary<List<String>> nearValidBatches() {
    return nearValidLines().list().ofMinSize(1).ofMaxSize(6);
  }

  Arbitrary<String> validLines() {
    return Arbitraries.oneOf(
        textSamples().map(IngestFuzzTest::textLine), jsonSamples().map(IngestFuzzTest::jsonLine));
  }

  private static String textLine(List<Metric> metrics) {
    StringBuilder line = new StringBuilder();
    for (Metric metric : metrics) {
      line.append(metric.key()).append('=').append(metric.value()).append(' ');
    }
    Map<String, String> labels = metrics.get(0).labels();
    if (!labels.isEmpty()) {
      line.append("--labels=");
      labels.forEach((name, value) -> line.append(name).append('=').append(value).append(','));
      line.setLength(line.length() - 1);
    }
    return line.toString().strip();
  }

  private static String jsonLine(Metric metric) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("key", metric.key());
    object.put("value", metric.value());
    object.put("labels", metric.labels());
    object.put("time", metric.time().toString());
    try {
      return JSON.writeValueAsString(object);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Metrics of one text line: tokens without blanks, sharing the labels and the time. */
  @Provide
  Arbitrary<List<Metric>> textSamples() {
    // A line starting with '{' is the JSON form, so a text line's first key cannot.
    Arbitrary<String> key =
        token().filter(k -> !k.contains("=") && !k.startsWith("--") && !k.startsWith("{"));
    Arbitrary<String> labelName = token().filter(n -> !n.contains("=") && !n.contains(","));
    Arbitrary<String> labelValue = token().filter(v -> !v.contains(","));
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(labelName, labelValue).ofMaxSize(3).map(ImmutableSortedMap::copyOf);
    return Combinators.combine(
            Combinators.combine(key, values()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(4),
            labels)
        .as(
            (pairs, shared) ->
                pairs.stream()
                    .map(pair -> new Metric(pair.get1(), pair.get2(), NOW, shared))
                    .toList());
  }

  /** One metric of the JSON form: any text, a time with or without one. */
  @Provide
  Arbitrary<Metric> jsonSamples() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
    return Combinators.combine(
            text.filter(k -> !k.isEmpty()),
            values(),
            Arbitraries.longs()
                .between(-62_167_219_200L, 253_402_300_799L)
                .map(Instant::ofEpochSecond),
            Arbitraries.maps(text, text).ofMaxSize(3))
        .as(Metric::new)
        .filter(IngestFuzzTest::isWellFormed);
  }

  private static boolean isWellFormed(Metric metric) {
    return Stream.concat(
            Stream.of(metric.key(), metric.value()),
            metric.labels().entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())))
        .allMatch(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
  }

  private static Arbitrary<String> token() {
    return Arbitraries.strings()
        .withCharRange('!', '~')
        .withCharRange('\u00a0', '\u00ff')
        .ofMinLength(1)
        .ofMaxLength(10);
  }

  private static Arbitrary<String> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().map(String::valueOf)),
        Tuple.of(2, Arbitraries.doubles().map(String::valueOf)),
        Tuple.of(1, token()));
  }
}
