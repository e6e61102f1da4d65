package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static final Instant T = Instant.parse("2025-03-04T05:06:07.891Z");

  private static MetricBatch batch(String uuid, String charmUrl, Metric... metrics) {
    return new MetricBatch(charmUrl, uuid, T, List.of(metrics), "agent-7");
  }

  private static SeriesLabels[] labels(SeriesCache cache, MetricBatch batch) {
    SeriesLabels[] out = new SeriesLabels[batch.metrics().size()];
    cache.labels(batch, out);
    return out;
  }

  @Test
  void givesEachSeriesOneObjectAndNumber() {
    SeriesCache cache = new SeriesCache(1);
    Metric a = new Metric("cpu.user", "1", T, Map.of("cpu", "0"));
    Metric b = new Metric("cpu.user", "2", T, Map.of("cpu", "1"));

    SeriesLabels[] first = labels(cache, batch("b1", "input:cpu", a, b));
    SeriesLabels[] second =
        labels(cache, batch("b2", "input:cpu", new Metric("cpu.user", "3", T, Map.of("cpu", "1"))));

    assertThat(first[0]).isNotSameAs(first[1]);
    assertThat(second[0]).isSameAs(first[1]);
    assertThat(List.of(first[0].id(), first[1].id())).containsExactly(0, 1);
    assertThat(cache.size()).isEqualTo(2);
  }

  /**
   * Covers keeping one series per request when keys or labels differ only before sanitising: they
   * must be one object, or a request would carry the same series twice.
   */
  @Test
  void givesMetricsWhoseLabelsSanitiseAlikeTheSameObject() {
    SeriesCache cache = new SeriesCache(1);

    SeriesLabels[] series =
        labels(
            cache,
            batch(
                "b1",
                "input:x",
                new Metric("disk.used", "1", T),
                new Metric("disk_used", "2", T),
                new Metric("disk-used", "3", T, Map.of("empty", ""))));

    assertThat(series[1]).isSameAs(series[0]);
    assertThat(series[2]).isSameAs(series[0]);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void tellsSourcesApart() {
    SeriesCache cache = new SeriesCache(1);
    Metric metric = new Metric("load", "1", T);

    SeriesLabels cpu = labels(cache, batch("b1", "input:cpu", metric))[0];
    SeriesLabels mem = labels(cache, batch("b2", "input:mem", metric))[0];

    assertThat(mem).isNotSameAs(cpu);
    assertThat(labels(cache, batch("b3", "input:cpu", metric))[0]).isSameAs(cpu);
  }

  @Test
  void findsSeriesWhetherTheBatchRepeatsTheLastOnesObjectsInOrderOrNot() {
    SeriesCache cache = new SeriesCache(1);
    ImmutableSortedMap<String, String> zero = ImmutableSortedMap.of("cpu", "0");
    ImmutableSortedMap<String, String> one = ImmutableSortedMap.of("cpu", "1");
    SeriesLabels[] first =
        labels(
            cache,
            batch("b1", "input:cpu", new Metric("u", "1", T, zero), new Metric("u", "1", T, one)));

    // The same objects in the same order; then swapped; then equal but other objects; then more.
    SeriesLabels[] same =
        labels(
            cache,
            batch("b2", "input:cpu", new Metric("u", "2", T, zero), new Metric("u", "2", T, one)));
    SeriesLabels[] swapped =
        labels(
            cache,
            batch("b3", "input:cpu", new Metric("u", "3", T, one), new Metric("u", "3", T, zero)));
    SeriesLabels[] copies =
        labels(
            cache,
            batch(
                "b4",
                "input:cpu",
                new Metric(new String("u"), "4", T, Map.of("cpu", "0")),
                new Metric(new String("u"), "4", T, Map.of("cpu", "1"))));
    SeriesLabels[] longer =
        labels(
            cache,
            batch(
                "b5",
                "input:cpu",
                new Metric("u", "5", T, zero),
                new Metric("u", "5", T, one),
                new Metric("u", "5", T, ImmutableSortedMap.of("cpu", "2"))));

    assertThat(same).containsExactly(first);
    assertThat(swapped).containsExactly(first[1], first[0]);
    assertThat(copies).containsExactly(first);
    assertThat(longer).startsWith(first);
    assertThat(longer[2]).isNotIn((Object[]) first);
  }

  @Test
  void startsOverWhenTrimmedPastItsBound() {
    SeriesCache cache = new SeriesCache(1);
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i <= SeriesCache.MAX_ENTRIES; i++) {
      metrics.add(new Metric("m" + i, "1", T));
    }
    MetricBatch large = new MetricBatch("input:x", "b1", T, metrics, "agent-7");
    SeriesLabels before = labels(cache, large)[0];
    assertThat(cache.size()).isEqualTo(SeriesCache.MAX_ENTRIES + 1);

    cache.trim();

    assertThat(cache.size()).isZero();
    SeriesLabels after = labels(cache, batch("b2", "input:x", new Metric("m0", "2", T)))[0];
    assertThat(after).isNotSameAs(before);
    assertThat(after.id()).isZero();
  }

  @Test
  void keepsEverythingWhenTrimmedWithinItsBound() {
    SeriesCache cache = new SeriesCache(1);
    SeriesLabels before = labels(cache, batch("b1", "input:x", new Metric("m", "1", T)))[0];

    cache.trim();

    assertThat(labels(cache, batch("b2", "input:x", new Metric("m", "2", T)))[0]).isSameAs(before);
  }

  /**
   * A series' shard depends on its labels alone: the same in another cache, after the cache starts
   * over, and for metrics that sanitise alike; and series spread over the shards.
   */
  @Test
  void givesEachSeriesAShardByItsLabelsAlone() {
    SeriesCache cache = new SeriesCache(4);
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      metrics.add(new Metric("load", "1", T, Map.of("host", "h" + i)));
    }
    SeriesLabels[] series = labels(cache, new MetricBatch("input:x", "b1", T, metrics, "agent-7"));
    SeriesLabels[] elsewhere =
        labels(new SeriesCache(4), new MetricBatch("input:x", "b2", T, metrics, "agent-7"));

    int[] perShard = new int[4];
    for (int i = 0; i < series.length; i++) {
      assertThat(elsewhere[i].shard()).isEqualTo(series[i].shard());
      assertThat(series[i].shard())
          .isEqualTo(
              SeriesLabels.shardOf(
                  SeriesLabels.encode("agent-7", "input:x", "load", Map.of("host", "h" + i)), 4));
      perShard[series[i].shard()]++;
    }
    for (int n : perShard) {
      assertThat(n).as("series per shard").isBetween(70, 130);
    }
    SeriesLabels[] alike =
        labels(
            cache,
            batch(
                "b3",
                "input:x",
                new Metric("load", "2", T, Map.of("host", "h7")),
                new Metric("load", "3", T, Map.of("host", "h7", "empty", ""))));
    assertThat(alike[1]).isSameAs(alike[0]).isSameAs(series[7]);
    assertThat(new SeriesCache(1).shards()).isEqualTo(1);
    assertThat(labels(new SeriesCache(1), batch("b4", "input:x", metrics.get(0)))[0].shard())
        .isZero();
  }
}
