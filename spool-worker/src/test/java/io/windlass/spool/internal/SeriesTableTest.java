package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricKind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
  private static final DeclaredMetrics ANY = DeclaredMetrics.any();

  @Test
  void findsASeriesByContentWhateverTheMap() {
    SeriesTable table = new SeriesTable(16);
    Map<String, String> labels = new HashMap<>(Map.of("b", "2", "a", "1"));
    SeriesTable.Series series = table.put(ANY, "k", labels, MetricKind.COUNTER);

    assertThat(table.get(ANY, "k", new TreeMap<>(labels))).isSameAs(series);
    LinkedHashMap<String, String> reversed = new LinkedHashMap<>();
    reversed.put("b", "2");
    reversed.put("a", "1");
    assertThat(table.get(ANY, "k", reversed)).isSameAs(series);
    assertThat(table.get(ANY, "k", Map.of("a", "1"))).isNull();
    assertThat(table.get(ANY, "k2", labels)).isNull();
    assertThat(table.get(ANY, null, labels)).isNull();
    assertThat(table.get(DeclaredMetrics.of("k", MetricKind.GAUGE), "k", labels))
        .as("checked against other declarations")
        .isNull();
    assertThat(table.put(ANY, "k", labels, MetricKind.COUNTER)).isSameAs(series);
    assertThat(series.kind()).isEqualTo(MetricKind.COUNTER);
    assertThat(new String(series.prefix(), StandardCharsets.UTF_8))
        .isEqualTo("{\"key\":\"k\",\"value\":");
    assertThat(new String(series.suffix(), StandardCharsets.UTF_8))
        .isEqualTo(",\"labels\":{\"a\":\"1\",\"b\":\"2\"}}\n");
  }

  @Test
  void aLabelSetFindsTheSeriesOfAnyEqualMapAndTheOtherWayRound() {
    SeriesTable table = new SeriesTable(16);
    Map<String, String> plain = new HashMap<>(Map.of("b", "2", "a", "1"));
    SeriesTable.Series byMap = table.put(ANY, "k", plain, MetricKind.GAUGE);
    LabelSet set = LabelSet.of(plain);

    assertThat(table.get(ANY, "k", set)).isSameAs(byMap);
    assertThat(table.get(ANY, "k", LabelSet.of(Map.of("a", "1")))).isNull();

    LabelSet other = LabelSet.of(Map.of("c", "3"));
    SeriesTable.Series bySet = table.put(ANY, "k", other, MetricKind.GAUGE);
    assertThat(table.get(ANY, "k", other)).isSameAs(bySet);
    assertThat(table.get(ANY, "k", Map.of("c", "3"))).isSameAs(bySet);
    assertThat(table.get(ANY, new String("k"), LabelSet.of(Map.of("c", "3")))).isSameAs(bySet);
    assertThat(table.get(DeclaredMetrics.of("k", MetricKind.GAUGE), "k", other))
        .as("the same instances checked against other declarations")
        .isNull();
    assertThat(new String(bySet.suffix(), StandardCharsets.UTF_8))
        .isEqualTo(",\"labels\":{\"c\":\"3\"}}\n");
  }

  /** Covers a caller that changes a label map after adding it: the old entry must not match. */
  @Test
  void aMapChangedAfterItWasKeptNoLongerMatches() {
    SeriesTable table = new SeriesTable(16);
    Map<String, String> labels = new HashMap<>(Map.of("a", "1"));
    table.put(ANY, "k", labels, MetricKind.GAUGE);

    labels.put("a", "2");

    assertThat(table.get(ANY, "k", labels)).isNull();
    assertThat(table.get(ANY, "k", Map.of("a", "1"))).isNotNull();
  }

  @Test
  void growsAndStartsOverWhenFull() {
    SeriesTable table = new SeriesTable(3000);
    for (int i = 0; i < 3000; i++) {
      table.put(ANY, "k", Map.of("i", Integer.toString(i)), MetricKind.GAUGE);
    }
    for (int i = 0; i < 3000; i++) {
      assertThat(table.get(ANY, "k", Map.of("i", Integer.toString(i)))).isNotNull();
    }

    table.put(ANY, "k", Map.of("i", "3000"), MetricKind.GAUGE);

    assertThat(table.get(ANY, "k", Map.of("i", "3000"))).isNotNull();
    assertThat(table.get(ANY, "k", Map.of("i", "0"))).isNull();
  }

  @Test
  void threadsAddingAndFindingSeriesAtOnceAllFindThem() throws Exception {
    SeriesTable table = new SeriesTable(100_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] done = new Future<?>[4];
      for (int t = 0; t < 4; t++) {
        done[t] =
            pool.submit(
                () -> {
                  for (int i = 0; i < 5000; i++) {
                    Map<String, String> labels = Map.of("i", Integer.toString(i));
                    SeriesTable.Series found = table.get(ANY, "k", labels);
                    if (found == null) {
                      found = table.put(ANY, "k", labels, MetricKind.GAUGE);
                    }
                    assertThat(table.get(ANY, "k", labels)).isSameAs(found);
                  }
                });
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Covers a bug where the table was bounded by its number of series only, so series with long
   * labels could hold far more memory than the agent has.
   */
  @Test
  void startsOverWhenItsSeriesTakeTooManyBytes() {
    SeriesTable table = new SeriesTable(1_000_000);
    String value = "v".repeat(1000);
    long most = 0;
    for (int i = 0; i < 10_000; i++) {
      table.put(ANY, "k", Map.of("i", Integer.toString(i), "long", value), MetricKind.GAUGE);
      most = Math.max(most, table.bytes());
    }
    assertThat(most).isLessThan(SeriesTable.MAX_BYTES + 8 * 1024);
    assertThat(table.get(ANY, "k", Map.of("i", "0", "long", value))).isNull();
    assertThat(table.get(ANY, "k", Map.of("i", "9999", "long", value))).isNotNull();
  }
}
