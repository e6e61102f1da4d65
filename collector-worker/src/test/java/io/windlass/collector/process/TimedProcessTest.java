package io.windlass.collector.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static TimedProcess.Outcome sh(String script, String stdin, Duration timeout, int max)
      throws Exception {
    return TimedProcess.run(
        List.of("sh", "-c", script), stdin.getBytes(StandardCharsets.UTF_8), timeout, max);
  }

  @Test
  void returnsExitCodeStdoutAndStderr() throws Exception {
    TimedProcess.Outcome outcome = sh("echo out; echo err >&2; exit 3", "", TIMEOUT, 1024);
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.stdoutText()).isEqualTo("out\n");
    assertThat(outcome.stdoutTruncated()).isFalse();
    assertThat(outcome.stderrTail()).isEqualTo("err\n");
  }

  @Test
  void feedsStdinAndClosesIt() throws Exception {
    assertThat(sh("cat", "hello body", TIMEOUT, 1024).stdoutText()).isEqualTo("hello body");
  }

  @Test
  void keepsStdoutUpToTheLimitAndSaysItWasTruncated() throws Exception {
    TimedProcess.Outcome outcome = sh("head -c 100000 /dev/zero", "", TIMEOUT, 10);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.stdout()).hasSize(10);
    assertThat(outcome.stdoutTruncated()).isTrue();
  }

  @Test
  void keepsOnlyTheTailOfALongStderr() throws Exception {
    TimedProcess.Outcome outcome =
        sh("head -c 10000 /dev/zero | tr '\\0' a >&2; echo END >&2", "", TIMEOUT, 10);
    assertThat(outcome.stderrTail()).hasSize(TimedProcess.STDERR_TAIL_BYTES).endsWith("aEND\n");
  }

  @Test
  void rejectsAnEmptyCommandAndANonPositiveTimeout() {
    assertThatThrownBy(() -> TimedProcess.run(List.of(), new byte[0], TIMEOUT, 1))
        .hasMessage("command must not be empty");
    assertThatThrownBy(() -> TimedProcess.run(List.of("true"), new byte[0], Duration.ZERO, 1))
        .hasMessage("timeout PT0S must be > 0");
  }
}
