package io.windlass.collector.nsenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A helper that outlasts the request's timeout, with a child of its own: both are killed. */
class CommandRequestExecutorIT {
  private static NsEnterRequest request(String body, Duration timeout) {
    return new NsEnterRequest("state", "probe", body, timeout);
  }

  private static CommandRequestExecutor sh(String script) {
    return new CommandRequestExecutor((pid, action) -> List.of("sh", "-c", script));
  }

  private static void assertFails(
      CommandRequestExecutor executor,
      NsEnterRequest request,
      NsEnterException.Reason reason,
      String message) {
    assertThatThrownBy(() -> executor.execute(42, request))
        .isInstanceOfSatisfying(
            NsEnterException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessage(message);
  }

  @Test
  void aTimeoutKillsTheHelperAndItsChildren(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    assertFails(
        sh("sleep 600 & echo $! > " + pidFile + "; wait"),
        request("{}", Duration.ofSeconds(2)),
        NsEnterException.Reason.TIMEOUT,
        "probe helper for pid 42: sh did not exit within PT2S; killed it and its children");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }
}
