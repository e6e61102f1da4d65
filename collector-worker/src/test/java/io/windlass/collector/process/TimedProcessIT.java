package io.windlass.collector.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that outlasts its timeout, with a child of its own: both are killed. */
class TimedProcessIT {
  private static TimedProcess.Outcome sh(String script, String stdin, Duration timeout, int max)
      throws Exception {
    return TimedProcess.run(
        List.of("sh", "-c", script), stdin.getBytes(StandardCharsets.UTF_8), timeout, max);
  }

  @Test
  void timeoutKillsTheProcessAndItsChildren(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    assertThatThrownBy(
            () ->
                sh("sleep 600 & echo $! > " + pidFile + "; wait", "", Duration.ofSeconds(2), 1024))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("sh did not exit within PT2S; killed it and its children");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }
}
