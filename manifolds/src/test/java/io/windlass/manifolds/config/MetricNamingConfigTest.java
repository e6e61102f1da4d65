package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code agent.metric-naming} and a host input's own {@code metric-naming}. */
class MetricNamingConfigTest {
  private final AgentConfigReader reader = new AgentConfigReader(() -> "db-01");

  private AgentConfig parse(String yaml) {
    return reader.parse("windlass.yaml", yaml);
  }

  private List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> reader.parse("windlass.yaml", yaml));
    assertThat(e).as("problems in %s", yaml).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void nodeExporterNamingIsTheDefaultForRemoteWriteAndWithoutASink() {
    assertThat(reader.defaults().metricNaming()).isEqualTo(MetricNaming.NODE_EXPORTER);
    assertThat(reader.defaults().agent().metricNaming()).isNull();
    assertThat(
            parse("sink: {type: prometheus-remote-write, url: http://127.0.0.1:9090/api/v1/write}")
                .metricNaming())
        .isEqualTo(MetricNaming.NODE_EXPORTER);
  }

  @Test
  void windlassNamingIsTheDefaultForTheJsonSink() {
    assertThat(parse("sink: {type: json, url: http://127.0.0.1:8080/batches}").metricNaming())
        .isEqualTo(MetricNaming.WINDLASS);
  }

  @Test
  void theAgentsNamingWinsOverTheSinksDefault() {
    AgentConfig config =
        parse("agent: {metric-naming: windlass}\nsink: {url: http://127.0.0.1:9090/api/v1/write}");

    assertThat(config.metricNaming()).isEqualTo(MetricNaming.WINDLASS);
    assertThat(config.resolvedInputs())
        .hasSize(9)
        .allSatisfy(spec -> assertThat(spec.metricNaming()).isEqualTo(MetricNaming.WINDLASS));
    assertThat(parse("agent: {metric-naming: node-exporter}\nsink: {type: json}").metricNaming())
        .isEqualTo(MetricNaming.NODE_EXPORTER);
  }

  @Test
  void aHostInputsOwnNamingWinsAndOtherInputsHaveNone() {
    AgentConfig config =
        parse(
            """
            agent: {metric-naming: node-exporter}
            inputs:
              - {type: cpu}
              - {type: cpu, id: cpu-legacy, metric-naming: windlass}
              - {type: prometheus, id: node, url: "http://127.0.0.1:9100/metrics"}
            """);

    assertThat(config.inputs().get(0).metricNaming()).isNull();
    assertThat(config.resolvedInputs())
        .extracting(InputSpec::metricNaming)
        .containsExactly(MetricNaming.NODE_EXPORTER, MetricNaming.WINDLASS, null);
  }

  @Test
  void anUnknownNamingAndANamingOnAnInputThatIsNotAHostInputAreProblems() {
    assertThat(
            problems(
                """
                agent: {metric-naming: prometheus}
                inputs:
                  - {type: mem, metric-naming: node_exporter}
                  - {type: exec, command: [date], metric-naming: windlass}
                """))
        .containsExactly(
            "windlass.yaml:1:24: agent.metric-naming: \"prometheus\" is not one of"
                + " node-exporter, windlass",
            "windlass.yaml:3:32: inputs[0].metric-naming: \"node_exporter\" is not one of"
                + " node-exporter, windlass (did you mean node-exporter?)",
            "windlass.yaml:4:50: inputs[1].metric-naming: applies to host inputs only (cpu, mem,"
                + " swap, load, disk, diskio, net, netstat, processes), not exec");
  }
}
