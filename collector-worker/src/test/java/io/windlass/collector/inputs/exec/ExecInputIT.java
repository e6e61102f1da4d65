package io.windlass.collector.inputs.exec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.windlass.collector.MemoryAccumulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command that outlasts the exec timeout, with a child of its own: both are killed. */
class ExecInputIT {
  private final MemoryAccumulator metrics = new MemoryAccumulator();

  @Test
  void aTimeoutKillsTheCommandAndItsChildren(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    ExecInput input =
        new ExecInput(
            ExecConfig.of(
                List.of("sh", "-c", "sleep 600 & echo $! > " + pidFile + "; wait"),
                Duration.ofSeconds(2),
                ExecFormat.PROMETHEUS));
    assertThatThrownBy(() -> input.collect(metrics)).isInstanceOf(TimeoutException.class);
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }
}
