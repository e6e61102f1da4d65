package io.windlass.collector.inputs.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecInputTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final MemoryAccumulator metrics = new MemoryAccumulator();

  private static ExecInput sh(String script, ExecFormat format) {
    return new ExecInput(ExecConfig.of(List.of("sh", "-c", script), TIMEOUT, format));
  }

  @Test
  void readsPrometheusTextFromStdout() throws Exception {
    sh("printf '# TYPE q gauge\\nq{db=\"a\"} 3\\nq{db=\"b\"} 4 1000\\n'", ExecFormat.PROMETHEUS)
        .collect(metrics);
    assertThat(metrics.metrics())
        .containsExactly(
            new Metric("q", Map.of("db", "a"), 0, 3), new Metric("q", Map.of("db", "b"), 1000, 4));
  }

  @Test
  void readsInfluxLinesFromStdout() throws Exception {
    sh("echo 'disk,dev=sda used=10i,label=\"root\"'", ExecFormat.INFLUX).collect(metrics);
    assertThat(metrics.metrics()).containsExactly(Metric.of("disk_used", Map.of("dev", "sda"), 10));
  }

  @Test
  void countsDroppedNonFiniteSamplesAndSkippedStrings() throws Exception {
    ExecInput prom = sh("printf 'a NaN\\nb 1\\nc +Inf\\n'", ExecFormat.PROMETHEUS);
    prom.collect(metrics);
    assertThat(metrics.drain()).containsExactly(Metric.of("b", 1));
    assertThat(prom.debugInfo()).containsEntry("nonFiniteDropped", 2L);
    ExecInput influx = sh("echo 'm s=\"x\",v=1'", ExecFormat.INFLUX);
    influx.collect(metrics);
    assertThat(influx.debugInfo()).containsEntry("stringFieldsSkipped", 1L);
  }

  @Test
  void aNonZeroExitFailsWithTheEndOfStderrAndAddsNothing() {
    assertThatThrownBy(
            () ->
                sh("echo 'a 1'; echo 'no database' >&2; exit 4", ExecFormat.PROMETHEUS)
                    .collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessage("sh exited with status 4: no database");
    assertThat(metrics.metrics()).isEmpty();
  }

  @Test
  void unparsableOutputFailsNamingTheLine() {
    assertThatThrownBy(() -> sh("printf 'a 1\\nb two\\n'", ExecFormat.PROMETHEUS).collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessage("sh output, line 2: invalid value \"two\"");
    assertThat(metrics.metrics()).isEmpty();
  }

  @Test
  void outputPastTheLimitFails() {
    ExecInput input =
        new ExecInput(
            new ExecConfig(
                List.of("sh", "-c", "echo 'a 1'; echo 'b 2'"), TIMEOUT, ExecFormat.PROMETHEUS, 4));
    assertThatThrownBy(() -> input.collect(metrics))
        .hasMessage("sh wrote more than 4 bytes to stdout");
  }

  @Test
  void configIsValidatedWithSpecificMessages() {
    assertThatThrownBy(() -> ExecConfig.of(List.of(), TIMEOUT, ExecFormat.INFLUX))
        .hasMessage("exec command must not be empty");
    assertThatThrownBy(() -> ExecConfig.of(List.of("x"), Duration.ZERO, ExecFormat.INFLUX))
        .hasMessage("exec timeout PT0S must be > 0");
    assertThatThrownBy(() -> new ExecConfig(List.of("x"), TIMEOUT, ExecFormat.INFLUX, 0))
        .hasMessage("exec maxOutputBytes 0 must be > 0");
  }
}
