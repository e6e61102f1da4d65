package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.windlass.spool.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PlainMetricLinesTest {
  private static final Instant T = Instant.parse("2025-01-02T03:04:05.123Z");
  private static final String LINE =
      "{\"key\":\"cpu.usage\",\"value\":\"37.125\",\"time\":\"2025-01-02T03:04:05.123Z\","
          + "\"labels\":{\"cpu\":\"0\",\"host\":\"web-01\"}}\n";

  private static @Nullable List<Metric> read(String data) {
    return read(data, StreamReadConstraints.defaults());
  }

  private static @Nullable List<Metric> read(String data, StreamReadConstraints constraints) {
    byte[] bytes = data.getBytes(UTF_8);
    return new PlainMetricLines(bytes, bytes.length, constraints, new DecodeCache.Tables()).read();
  }

  private static @Nullable List<Metric> read(String data, DecodeCache.Tables tables) {
    byte[] bytes = data.getBytes(UTF_8);
    return new PlainMetricLines(bytes, bytes.length, StreamReadConstraints.defaults(), tables)
        .read();
  }

  @Test
  void readsLinesInTheRecordersForm() {
    String data =
        LINE
            + "{\"key\":\"mem\",\"value\":\"-1e3\",\"time\":\"2025-01-02T03:04:06Z\"}\n"
            + "{\"key\":\"disk\",\"value\":\"\",\"time\":\"2025-01-02T03:04:06+02:00\",\"labels\":{}}";

    assertThat(read(data))
        .containsExactly(
            new Metric("cpu.usage", "37.125", T, Map.of("cpu", "0", "host", "web-01")),
            new Metric("mem", "-1e3", Instant.parse("2025-01-02T03:04:06Z")),
            new Metric("disk", "", Instant.parse("2025-01-02T01:04:06Z")));
    assertThat(read("")).isEmpty();
  }

  @Test
  void givesRepeatedTimesKeysAndLabelSetsAsOneObject() {
    List<Metric> metrics = read(LINE + LINE.replace("37.125", "38") + LINE);

    assertThat(metrics).hasSize(3);
    assertThat(metrics.get(1).time()).isSameAs(metrics.get(0).time());
    assertThat(metrics.get(2).key()).isSameAs(metrics.get(0).key());
    assertThat(metrics.get(2).labels()).isSameAs(metrics.get(0).labels());
    assertThat(metrics.get(1).value()).isEqualTo("38");
  }

  @Test
  void tellsTimesOfTheSameLengthApart() {
    List<Metric> metrics =
        read(LINE + LINE.replace("05.123Z", "05.124Z") + LINE.replace("05.123Z", "06.123Z"));

    assertThat(metrics)
        .extracting(Metric::time)
        .containsExactly(T, T.plusMillis(1), T.plusSeconds(1));
  }

  @Test
  void readsTimesInterleavedLineByLineOnceEach() {
    StringBuilder data = new StringBuilder();
    List<Instant> written = new ArrayList<>();
    for (int series = 0; series < 3; series++) {
      for (int t = 0; t < 10; t++) {
        Instant time = T.plusSeconds(t);
        data.append(LINE.replace("05.123Z", time.toString().substring(17)));
        written.add(time);
      }
    }

    List<Metric> metrics = read(data.toString());

    assertThat(metrics).extracting(Metric::time).containsExactlyElementsOf(written);
    for (int i = 10; i < metrics.size(); i++) {
      assertThat(metrics.get(i).time()).as("line %d", i).isSameAs(metrics.get(i - 10).time());
    }
  }

  @Test
  void guessesALinesSeriesFromTheLineWithItsNumberInTheFileBefore() {
    DecodeCache.Tables tables = new DecodeCache.Tables();
    String a = line("cpu", "1", "\"host\":\"a\"");
    String b = line("cpu", "2", "\"host\":\"b\"");
    String c = line("mem", "3", null);
    List<Metric> first = read(a + b + c, tables);

    assertThat(tables.lineSeries.guessesRight()).isZero();
    List<Metric> again = read(a + b + c.replace("\"3\"", "\"4\""), tables);
    assertThat(again).isEqualTo(read(a + b + c.replace("\"3\"", "\"4\"")));
    assertThat(tables.lineSeries.guessesRight()).as("lines of the series guessed").isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(again.get(i).key()).isSameAs(first.get(i).key());
      assertThat(again.get(i).labels()).isSameAs(first.get(i).labels());
    }

    // Wrong guesses read what is there: other orders, longer and shorter keys and label objects,
    // labels where there were none and none where there were some.
    List<String> others =
        List.of(
            c + a + b,
            line("cpu2", "1", "\"host\":\"a\"") + line("cp", "2", "\"host\":\"b\"") + c,
            line("cpu", "1", "\"host\":\"a\",\"x\":\"y\"") + line("cpu", "2", "\"host\":\"\"") + c,
            line("cpu", "1", null) + b + line("mem", "3", "\"host\":\"a\""),
            line("cpu", "1", "") + b + c.substring(0, c.length() - 1),
            a + b.replace("}}\n", "}}") + c,
            a + b.replace("}}\n", "} }\n") + c,
            line("cpu", "1", "\"host\":\"a\"") + b + c + a + b + c);
    for (String other : others) {
      assertThat(read(other, tables)).as(other).isEqualTo(read(other));
    }
    // Text read before is plain; anything else is still left to the parser.
    assertThat(read(a + b + c, tables)).isEqualTo(first);
    assertThat(read(line("cpu", "1", "\"host\":\"a\\\"\"") + b + c, tables)).isNull();
    assertThat(read(line("cpu\\\"", "1", "\"host\":\"a\"") + b + c, tables)).isNull();
  }

  @Test
  void readsRandomFilesOfRepeatingSeriesAsWithoutGuesses() {
    SplittableRandom random = new SplittableRandom(23);
    List<String> series = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String labels =
          switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "\"h\":\"" + random.nextInt(3) + "\"";
            case 2 -> "\"h\":\"" + random.nextInt(3) + "\",\"i\":\"" + random.nextInt(3) + "\"";
            default -> "";
          };
      series.add(line("k" + "x".repeat(random.nextInt(3)), "0", labels));
    }
    DecodeCache.Tables tables = new DecodeCache.Tables();
    List<String> previous = new ArrayList<>(series.subList(0, 6));
    for (int file = 0; file < 300; file++) {
      List<String> lines = new ArrayList<>(previous);
      for (int change = random.nextInt(4); change > 0 && !lines.isEmpty(); change--) {
        int at = random.nextInt(lines.size());
        switch (random.nextInt(3)) {
          case 0 -> lines.set(at, series.get(random.nextInt(series.size())));
          case 1 -> lines.remove(at);
          default -> lines.add(at, series.get(random.nextInt(series.size())));
        }
      }
      StringBuilder data = new StringBuilder();
      for (String text : lines) {
        data.append(text.replace("\"0\"", "\"" + random.nextInt(100) + "\""));
      }
      assertThat(read(data.toString(), tables))
          .as(data.toString())
          .isEqualTo(read(data.toString()));
      previous = lines;
    }
    assertThat(tables.lineSeries.guessesRight())
        .as("lines of the series guessed")
        .isGreaterThan(500);
  }

  /** A line as the recorder writes it; {@code labels} is the object's text, null for none. */
  private static String line(String key, String value, @Nullable String labels) {
    return "{\"key\":\""
        + key
        + "\",\"value\":\""
        + value
        + "\",\"time\":\"2025-01-02T03:04:05.123Z\""
        + (labels == null ? "" : ",\"labels\":{" + labels + "}")
        + "}\n";
  }

  @Test
  void leavesEveryOtherFormToTheParser() {
    for (String other :
        List.of(
            LINE.replace("web-01", "web\\u002d01"),
            LINE.replace("web-01", "wéb-01"),
            LINE.replace("cpu.usage", "cpu\\\"usage"),
            LINE.replace("cpu.usage", "cpu\tusage"),
            LINE.replace("{\"key\"", "{ \"key\""),
            LINE.replace("\"key\":", "\"key\" :"),
            LINE.replace("}}\n", "} }\n"),
            LINE.replace("\n", "\r\n"),
            LINE + "\n",
            " " + LINE,
            LINE.replace(",\"time\"", ",\"unit\":\"s\",\"time\""),
            "{\"value\":\"1\",\"key\":\"a\",\"time\":\"2025-01-02T03:04:05Z\"}\n",
            LINE.replace("\"labels\":{\"cpu\":\"0\",\"host\":\"web-01\"}", "\"labels\":null"),
            LINE.replace("\"cpu\":\"0\"", "\"cpu\":0"),
            LINE.replace("2025-01-02T03:04:05.123Z", "2025-01-02T03:04Z"),
            LINE.replace("2025-01-02T03:04:05.123Z", "2025-02-30T03:04:05Z"),
            LINE.replace("\"cpu.usage\"", "\"\""),
            LINE.substring(0, LINE.length() - 3),
            LINE.replace("}}\n", "}}x"))) {
      assertThat(read(other)).as(other).isNull();
      assertThat(read(LINE + other)).as(other).isNull();
    }
  }

  @Test
  void leavesWhatTheParsersConstraintsRefuseToTheParser() {
    // The longest string is the time (24 characters), the longest name the field "labels" (6).
    assertThat(read(LINE, StreamReadConstraints.builder().maxStringLength(24).build())).isNotNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxStringLength(23).build())).isNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxNameLength(6).build())).isNotNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxNameLength(5).build())).isNull();
    String longName = LINE.replace("\"host\"", "\"hostname\"");
    assertThat(read(longName, StreamReadConstraints.builder().maxNameLength(8).build()))
        .isNotNull();
    assertThat(read(longName, StreamReadConstraints.builder().maxNameLength(7).build())).isNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxDocumentLength(1 << 20).build()))
        .isNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxTokenCount(1 << 20).build())).isNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxNestingDepth(2).build())).isNotNull();
    assertThat(read(LINE, StreamReadConstraints.builder().maxNestingDepth(1).build())).isNull();
  }
}
