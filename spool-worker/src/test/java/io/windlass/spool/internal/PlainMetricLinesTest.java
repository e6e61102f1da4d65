package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.windlass.spool.Metric;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
