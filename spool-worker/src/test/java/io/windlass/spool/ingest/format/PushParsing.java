package io.windlass.spool.ingest.format;

import io.windlass.spool.ingest.http.BodyLines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Runs push parsers over bodies, and compares them with the collector's reference parsers. */
final class PushParsing {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** A sample as a parser hands it to the spool. */
  record Sample(String key, String value, Instant time, Map<String, String> labels) {
    /** The same sample with the value as a double, for comparing with the reference. */
    Sample numeric() {
      // -0 and 0 are one value to the spool (the collector's pipeline writes both as 0).
      double number =
          switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
          };
      return new Sample(key, Double.toString(number + 0.0), time, labels);
    }
  }

  /** What reading a text gave: its samples, or the error's message. */
  record Outcome(List<Sample> samples, String error) {
    static Outcome of(List<Sample> samples) {
      return new Outcome(List.copyOf(samples), "");
    }

    static Outcome failed(String error) {
      return new Outcome(List.of(), error);
    }

    Outcome numeric() {
      return new Outcome(samples.stream().map(Sample::numeric).toList(), error);
    }
  }

  private PushParsing() {}

  /** Reads {@code body} with {@code parser} (begun by the caller), through {@link BodyLines}. */
  static Outcome read(PushParser parser, String body) {
    return read(parser, body.getBytes(StandardCharsets.UTF_8), 16);
  }

  /** Reads {@code body} with a line buffer of {@code bufferBytes} to start with. */
  static Outcome read(PushParser parser, byte[] body, int bufferBytes) {
    List<Sample> samples = new ArrayList<>();
    BodyLines lines = new BodyLines(new ByteArrayInputStream(body), new byte[bufferBytes], 1 << 20);
    try {
      while (lines.next()) {
        parser.parseLine(
            lines.buffer(),
            lines.start(),
            lines.end(),
            lines.lineNumber(),
            (key, value, time, labels) -> samples.add(new Sample(key, value, time, labels)));
      }
    } catch (MetricParseException e) {
      return Outcome.failed(e.getMessage());
    } catch (BodyLines.ReadFailure | IOException e) {
      throw new AssertionError(e);
    }
    return Outcome.of(samples);
  }

  /** What the reference parser makes of {@code text}, as the push parsers should hand it on. */
  static Outcome reference(ParseResult result, long timestampDivisor) {
    List<Sample> samples = new ArrayList<>();
    for (io.windlass.spool.ingest.format.Sample metric : result.metrics()) {
      long millis = metric.timestamp() / timestampDivisor;
      samples.add(
          new Sample(
              metric.name(),
              Double.toString(metric.value() + 0.0),
              millis == 0 ? NOW : Instant.ofEpochMilli(millis),
              new TreeMap<>(metric.tags())));
    }
    return Outcome.of(samples);
  }

  /** Interface of the reference parsers. */
  @FunctionalInterface
  interface Reference {
    ParseResult parse(String text) throws MetricParseException;
  }

  static Outcome reference(Reference parser, String text) {
    try {
      return reference(parser.parse(text), 1);
    } catch (MetricParseException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  /**
   * {@code count} lines made from {@code templates} by random edits (insertions, deletions and
   * replacements from {@code alphabet}), the same every run.
   */
  static List<String> mutations(List<String> templates, String alphabet, int count, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder(templates.get(random.nextInt(templates.size())));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = line.length() == 0 ? 0 : random.nextInt(line.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> line.insert(at, c);
          case 1 -> {
            if (at < line.length()) {
              line.deleteCharAt(at);
            }
          }
          default -> {
            if (at < line.length()) {
              line.setCharAt(at, c);
            }
          }
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
