package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentMetricFamiliesTest {

  private static MetricSnapshot only(MetricSnapshots snapshots) {
    assertThat(snapshots.size()).isOne();
    return snapshots.get(0);
  }

  @Test
  void aCounterIsNamedWithoutItsTotalAndKeepsItsHelpAndLabels() {
    MetricSnapshots snapshots =
        new AgentMetricFamilies()
            .family("windlass_spool_rejected_total", "counter", "Refusals.")
            .sample("windlass_spool_rejected_total", "reason", "max-bytes", "4")
            .snapshots();

    CounterSnapshot counter = (CounterSnapshot) only(snapshots);
    assertThat(counter.getMetadata().getName()).isEqualTo("windlass_spool_rejected");
    assertThat(counter.getMetadata().getHelp()).isEqualTo("Refusals.");
    assertThat(counter.getDataPoints())
        .singleElement()
        .satisfies(
            point -> {
              assertThat(point.getValue()).isEqualTo(4.0);
              assertThat(point.getLabels().get("reason")).isEqualTo("max-bytes");
            });
  }

  @Test
  void aGaugeNamedInfoIsAnInfoAndOtherGaugesAreGauges() {
    MetricSnapshots snapshots =
        new AgentMetricFamilies()
            .family("windlass_sender_info", "gauge", "The sink.")
            .sample("windlass_sender_info", Map.of("sink", "http://m/w", "type", "json"), "1", null)
            .family("windlass_spool_bytes", "gauge", null)
            .sample("windlass_spool_bytes", "2048")
            .snapshots();

    assertThat(snapshots)
        .extracting(s -> s.getClass().getSimpleName() + ":" + s.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "InfoSnapshot:windlass_sender", "GaugeSnapshot:windlass_spool_bytes");
    assertThat(snapshots)
        .filteredOn(s -> s instanceof GaugeSnapshot)
        .singleElement()
        .satisfies(
            s ->
                assertThat(((GaugeSnapshot) s).getDataPoints().get(0).getValue())
                    .isEqualTo(2048.0));
    assertThat(snapshots)
        .filteredOn(s -> s instanceof InfoSnapshot)
        .singleElement()
        .satisfies(
            s ->
                assertThat(((InfoSnapshot) s).getDataPoints().get(0).getLabels().get("sink"))
                    .isEqualTo("http://m/w"));
  }

  @Test
  void mistakesInTheFamiliesAreCaughtWhereTheyAreMade() {
    AgentMetricFamilies families = new AgentMetricFamilies().family("windlass_up", "gauge", null);

    assertThatThrownBy(() -> families.family("windlass_up", "gauge", null))
        .hasMessage("metric family windlass_up written twice");
    assertThatThrownBy(() -> families.family("windlass_sent", "counter", null))
        .hasMessage("counter windlass_sent must end in _total");
    assertThatThrownBy(() -> families.family("windlass_x", "untyped", null))
        .hasMessage("metric family windlass_x has type untyped");
    assertThatThrownBy(() -> families.sample("windlass_down", "1"))
        .hasMessage("metric family windlass_down was not started");
    assertThatThrownBy(() -> families.sample("windlass_up", Map.of(), "1", 5L))
        .hasMessage("the agent's own metrics carry no timestamp");
  }
}
