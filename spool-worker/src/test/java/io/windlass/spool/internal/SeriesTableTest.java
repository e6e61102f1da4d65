package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.MetricKind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesTableTest {

  @Test
  void findsASeriesByContentWhateverTheMap() {
    SeriesTable table = new SeriesTable(16);
    Map<String, String> labels = new HashMap<>(Map.of("b", "2", "a", "1"));
    SeriesTable.Series series = table.put("k", labels, MetricKind.COUNTER);

    assertThat(series).isNotNull();
    assertThat(table.get("k", new TreeMap<>(labels))).isSameAs(series);
    LinkedHashMap<String, String> reversed = new LinkedHashMap<>();
    reversed.put("b", "2");
    reversed.put("a", "1");
    assertThat(table.get("k", reversed)).isSameAs(series);
    assertThat(table.get("k", Map.of("a", "1"))).isNull();
    assertThat(table.get("k2", labels)).isNull();
    assertThat(table.get(null, labels)).isNull();
    assertThat(series.kind()).isEqualTo(MetricKind.COUNTER);
    assertThat(new String(series.prefix(), StandardCharsets.UTF_8))
        .isEqualTo("{\"key\":\"k\",\"value\":");
    assertThat(new String(series.suffix(), StandardCharsets.UTF_8))
        .isEqualTo(",\"labels\":{\"a\":\"1\",\"b\":\"2\"}}\n");
  }

  /** Covers a caller that changes a label map after adding it: the old entry must not match. */
  @Test
  void aMapChangedAfterItWasKeptNoLongerMatches() {
    SeriesTable table = new SeriesTable(16);
    Map<String, String> labels = new HashMap<>(Map.of("a", "1"));
    table.put("k", labels, MetricKind.GAUGE);

    labels.put("a", "2");

    assertThat(table.get("k", labels)).isNull();
    assertThat(table.get("k", Map.of("a", "1"))).isNotNull();
  }

  @Test
  void keepsNoMoreThanItsBoundAndGrowsUpToIt() {
    SeriesTable table = new SeriesTable(100);
    for (int i = 0; i < 100; i++) {
      assertThat(table.put("k", Map.of("i", Integer.toString(i)), MetricKind.GAUGE)).isNotNull();
    }

    assertThat(table.put("k", Map.of("i", "100"), MetricKind.GAUGE)).isNull();
    for (int i = 0; i < 100; i++) {
      assertThat(table.get("k", Map.of("i", Integer.toString(i)))).isNotNull();
    }
  }
}
