package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code inputs} section of the agent config. */
class InputsConfigTest {
  private final AgentConfigReader reader = new AgentConfigReader(() -> "db-01");

  private List<InputSpec> inputs(String yaml) {
    return reader.parse("windlass.yaml", yaml).inputs();
  }

  private List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> reader.parse("windlass.yaml", yaml));
    assertThat(e).as("problems in %s", yaml).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void withNoInputsKeyTheHostInputsRunEveryTenSeconds() {
    List<InputSpec> inputs = reader.defaults().inputs();

    assertThat(inputs)
        .extracting(InputSpec::id)
        .containsExactly(
            "cpu", "mem", "swap", "load", "disk", "diskio", "net", "netstat", "processes");
    assertThat(inputs)
        .allSatisfy(
            spec -> {
              assertThat(spec.type()).isEqualTo(spec.id());
              assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(10));
              assertThat(spec.offset()).isZero();
              assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(spec.tags()).isEmpty();
              assertThat(spec.prefix()).isNull();
            });
    assertThat(inputs("agent: {tag: a}\n")).isEqualTo(inputs);
  }

  @Test
  void anEmptyListRunsNoInput() {
    assertThat(inputs("inputs: []\n")).isEmpty();
  }

  @Test
  void readsTheCommonAndTheTypeSpecificSettings() {
    List<InputSpec> inputs =
        inputs(
            """
            inputs:
              - type: cpu
                interval: 30s
                offset: 5s
                timeout: 2s
                tags: {env: prod, rack: "7"}
                prefix: "host.cpu."
                per-cpu: true
              - {type: disk, mounts: [/, /data]}
              - {type: net, interfaces: [eth0]}
              - {type: dialcheck, id: db-port, host: db.local, port: 5432, timeout: 1s}
              - {type: dialcheck, id: web-port, host: web.local, port: 443}
              - {type: exec, command: [/bin/probe, --all], format: influx, interval: 1m}
              - {type: prometheus, url: "http://127.0.0.1:9100/metrics", interval: 1s}
            """);

    assertThat(inputs)
        .extracting(InputSpec::id)
        .containsExactly("cpu", "disk", "net", "db-port", "web-port", "exec", "prometheus");
    assertThat(inputs.get(0))
        .isEqualTo(
            new InputSpec(
                "cpu",
                "cpu",
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Map.of("env", "prod", "rack", "7"),
                "host.cpu.",
                new InputSettings.Cpu(true)));
    assertThat(inputs.get(1).settings())
        .isEqualTo(new InputSettings.Disk(List.of(Path.of("/"), Path.of("/data"))));
    assertThat(inputs.get(2).settings()).isEqualTo(new InputSettings.Net(List.of("eth0")));
    assertThat(inputs.get(3).settings()).isEqualTo(new InputSettings.Dialcheck("db.local", 5432));
    assertThat(inputs.get(3).timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(inputs.get(5).settings())
        .isEqualTo(new InputSettings.Exec(List.of("/bin/probe", "--all"), "influx"));
    assertThat(inputs.get(5).interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(inputs.get(6).settings())
        .isEqualTo(new InputSettings.Prometheus(URI.create("http://127.0.0.1:9100/metrics")));
    assertThat(inputs.get(6).timeout())
        .as("the default timeout is at most the interval")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anUnknownTypeIsReportedAtItsPositionWithTheClosestType() {
    assertThat(problems("inputs:\n  - type: cpu\n  - type: dsik\n    interval: 5s\n"))
        .containsExactly(
            "windlass.yaml:3:11: inputs[1].type: \"dsik\" is not one of cpu, mem, swap, load,"
                + " disk, diskio, net, netstat, processes, dialcheck, exec, prometheus (did you"
                + " mean disk?)");
  }

  @Test
  void badIntervalsOffsetsAndTimeoutsAreReportedAtTheirPositions() {
    assertThat(
            problems(
                """
                inputs:
                  - {type: cpu, interval: often}
                  - {type: mem, interval: 0s}
                  - {type: load, interval: 10s, offset: 10s}
                  - {type: swap, timeout: -1s}
                """))
        .containsExactly(
            "windlass.yaml:2:27: inputs[0].interval: \"often\" is not a duration (use e.g. 500ms,"
                + " 3s, 2m, 1h, 7d or PT1M30S)",
            "windlass.yaml:3:27: inputs[1].interval: \"0s\" is too short: it must be more than 0",
            "windlass.yaml:4:41: inputs[2].offset: 10s must be shorter than the interval 10s",
            "windlass.yaml:5:27: inputs[3].timeout: \"-1s\" is not a duration: it must not be"
                + " negative");
  }

  @Test
  void aPrometheusInputTakesAJobAndHonorLabels() {
    List<InputSpec> inputs =
        inputs(
            """
            inputs:
              - {type: prometheus, id: node, url: "http://127.0.0.1:9100/metrics"}
              - type: prometheus
                id: push
                url: "http://127.0.0.1:9091/metrics"
                job: pushgateway
                honor-labels: true
            """);

    assertThat(inputs.get(0).settings())
        .isEqualTo(
            new InputSettings.Prometheus(URI.create("http://127.0.0.1:9100/metrics"), null, false));
    assertThat(inputs.get(1).settings())
        .isEqualTo(
            new InputSettings.Prometheus(
                URI.create("http://127.0.0.1:9091/metrics"), "pushgateway", true));
    assertThat(
            problems(
                """
                inputs:
                  - {type: prometheus, url: "http://h/metrics", job: " ", honor-labels: maybe}
                  - {type: cpu, job: x}
                """))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("inputs[0].job:"))
        .anySatisfy(p -> assertThat(p).contains("inputs[0].honor-labels:"))
        .anySatisfy(p -> assertThat(p).contains("inputs[1].job: unknown key"));
  }

  @Test
  void missingRequiredKeysAreReportedAtTheirInput() {
    assertThat(
            problems(
                """
                inputs:
                  - {interval: 5s}
                  - {type: dialcheck, host: db.local}
                  - {type: exec}
                  - {type: prometheus, url: "ftp://x"}
                """))
        .containsExactly(
            "windlass.yaml:2:5: inputs[0].type: is missing",
            "windlass.yaml:3:5: inputs[1].port: is missing",
            "windlass.yaml:4:5: inputs[2].command: is missing",
            "windlass.yaml:5:29: inputs[3].url: \"ftp://x\" is not an http or https URL with a host"
                + " (e.g. http://127.0.0.1:9090/api/v1/write)");
  }

  @Test
  void idsAreUniqueAndUnknownKeysAreErrors() {
    assertThat(
            problems(
                """
                inputs:
                  - {type: cpu}
                  - {type: cpu, per-cpus: true}
                """))
        .containsExactly(
            "windlass.yaml:3:5: inputs[1].id: \"cpu\" is already the id of the input at line 2;"
                + " give each input of the same type its own id",
            "windlass.yaml:3:17: inputs[1].per-cpus: unknown key (did you mean per-cpu?)");
  }

  @Test
  void inputsMustBeAListOfMappings() {
    assertThat(problems("inputs: cpu\n"))
        .containsExactly(
            "windlass.yaml:1:9: inputs: must be a list of inputs ({type: cpu, ...}), not text");
    assertThat(problems("inputs: [cpu]\n"))
        .containsExactly(
            "windlass.yaml:1:10: inputs[0]: must be a mapping {type, interval, ...}, not text");
  }
}
