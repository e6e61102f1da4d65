package io.windlass.spool.ingest.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import io.windlass.spool.socket.LineConnectionHandler;
import io.windlass.spool.socket.SocketListener;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

  @Test
  void parsesOrRefusesNearValidLinesWithAMessage() {
    FuzzRun.forAll(nearValidLines())
        .check(
            line -> {
              Parsed parsed = parse(line);

              assertThat(parsed.error().isEmpty()).isNotEqualTo(parsed.metrics().isEmpty());
            });
  }

  @Test
  void parsesOrRefusesArbitraryLinesWithAMessage() {
    FuzzRun.forAll(Gen.anyStrings(255)).check(this::parse);
  }

  @Test
  void readsBackTextLines() {
    FuzzRun.forAll(textSamples())
        .check(metrics -> assertThat(parse(textLine(metrics))).isEqualTo(new Parsed(metrics, "")));
  }

  @Test
  void readsBackJsonLines() {
    FuzzRun.forAll(jsonSamples()).check(this::readsBackJsonLine);
  }

  private void readsBackJsonLine(Metric metric) throws Exception {
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
  @Test
  void storesExactlyTheLinesItAcknowledges() {
    FuzzRun.forAll(nearValidBatches()).tries(30).check(this::storesExactlyTheAcknowledged);
  }

  private void storesExactlyTheAcknowledged(List<String> lines) throws Exception {
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
  @Test
  void answersEveryLineOfAStreamAndStoresExactlyThoseAcknowledged() {
    FuzzRun.forAll(nearValidStreams()).tries(20).check(this::answersEveryLine);
  }

  private void answersEveryLine(byte[] stream) throws Exception {
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

  static Gen<byte[]> nearValidStreams() {
    return Mutations.ofBytes(validLines().list(1, 8).map(Mutations::lines));
  }

  // ---- generators

  static Gen<String> nearValidLines() {
    return Mutations.ofText(validLines());
  }

  static Gen<List<String>> nearValidBatches() {
    return nearValidLines().list(1, 6);
  }

  static Gen<String> validLines() {
    return Gen.oneOf(
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
  static Gen<List<Metric>> textSamples() {
    // A line starting with '{' is the JSON form, so a text line's first key cannot.
    Gen<String> key =
        token().filter(k -> !k.contains("=") && !k.startsWith("--") && !k.startsWith("{"));
    Gen<String> labelName = token().filter(n -> !n.contains("=") && !n.contains(","));
    Gen<String> labelValue = token().filter(v -> !v.contains(","));
    Gen<Map<String, String>> labels =
        Gen.maps(labelName, labelValue, 3).map(ImmutableSortedMap::copyOf);
    return Gen.combine(
        Gen.combine(key, values(), Map::entry).list(1, 4),
        labels,
        (pairs, shared) ->
            pairs.stream()
                .map(pair -> new Metric(pair.getKey(), pair.getValue(), NOW, shared))
                .toList());
  }

  /** One metric of the JSON form: any text, a time with or without one. */
  static Gen<Metric> jsonSamples() {
    Gen<String> text = Gen.anyStrings(12);
    return Gen.combine(
            text.filter(k -> !k.isEmpty()),
            values(),
            Gen.longs(-62_167_219_200L, 253_402_300_799L).map(Instant::ofEpochSecond),
            Gen.maps(text, text, 3),
            Metric::new)
        .filter(IngestFuzzTest::isWellFormed);
  }

  private static boolean isWellFormed(Metric metric) {
    return Stream.concat(
            Stream.of(metric.key(), metric.value()),
            metric.labels().entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())))
        .allMatch(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
  }

  private static Gen<String> token() {
    return Gen.strings(Gen.range('!', '~') + Gen.range('\u00a0', '\u00ff'), 1, 10);
  }

  private static Gen<String> values() {
    return Gen.frequency(
        Gen.weighted(3, Gen.longs().map(String::valueOf)),
        Gen.weighted(2, Gen.doubles().map(String::valueOf)),
        Gen.weighted(1, token()));
  }
}
