package io.windlass.manifolds.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.inputs.CpuInput;
import io.windlass.collector.inputs.NodeCpuInput;
import io.windlass.collector.inputs.NodeExporterInput;
import io.windlass.collector.inputs.ProcRoot;
import io.windlass.collector.inputs.prometheus.PrometheusInput;
import io.windlass.manifolds.config.InputSettings;
import io.windlass.manifolds.config.InputSpec;
import io.windlass.manifolds.config.MetricNaming;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputsTest {
  private static final URI URL = URI.create("http://127.0.0.1:9100/metrics");

  private static InputSpec prometheus(String id, InputSettings.Prometheus settings) {
    return new InputSpec(
        id,
        "prometheus",
        Duration.ofSeconds(10),
        Duration.ZERO,
        Duration.ofSeconds(5),
        Map.of(),
        null,
        settings);
  }

  @Test
  void aPrometheusInputsJobIsItsIdUnlessTheConfigNamesOne() {
    Inputs inputs = new Inputs(ProcRoot.DEFAULT);

    PrometheusInput byId =
        (PrometheusInput) inputs.create(prometheus("node", new InputSettings.Prometheus(URL)));
    PrometheusInput named =
        (PrometheusInput)
            inputs.create(
                prometheus("node", new InputSettings.Prometheus(URL, "node-exporter", true)));

    assertThat(byId.targetLabels()).isEqualTo(Map.of("job", "node", "instance", "127.0.0.1:9100"));
    assertThat(named.targetLabels()).containsEntry("job", "node-exporter");
  }

  @Test
  void aTasksSourceNamesItsInputsId() {
    assertThat(Inputs.task(prometheus("node", new InputSettings.Prometheus(URL))).source())
        .isEqualTo("input:prometheus/node");
    assertThat(Inputs.task(InputSpec.host("cpu")).source()).isEqualTo("input:cpu");
  }

  @Test
  void aHostInputIsMadeInItsNamingNodeExportersUnlessItSaysWindlass() {
    Inputs inputs = new Inputs(ProcRoot.DEFAULT);

    assertThat(inputs.create(InputSpec.host("cpu"))).isInstanceOf(NodeCpuInput.class);
    assertThat(inputs.create(InputSpec.host("cpu").withMetricNaming(MetricNaming.NODE_EXPORTER)))
        .isInstanceOf(NodeCpuInput.class);
    assertThat(inputs.create(InputSpec.host("cpu").withMetricNaming(MetricNaming.WINDLASS)))
        .isInstanceOf(CpuInput.class);
    for (String type : InputSpec.HOST_TYPES) {
      assertThat(inputs.create(InputSpec.host(type)))
          .as(type)
          .isInstanceOf(NodeExporterInput.class)
          .extracting(input -> ((NodeExporterInput) input).targetLabels())
          .isEqualTo(Map.of("input", type));
      assertThat(inputs.create(InputSpec.host(type).withMetricNaming(MetricNaming.WINDLASS)))
          .as(type)
          .isNotInstanceOf(NodeExporterInput.class);
    }
  }
}
