package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.reliability.PushBodies.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk under a real agent: its data directory on a 2 MiB tmpfs, pushes fill it. Pushes are
 * then answered {@code 507} with {@code Retry-After} and one line saying the spool's disk is full,
 * and {@code add-metric} (ingest.sock) says so too; every sample answered {@code 204} is in the
 * spool, nothing partial is left in the spool or its staging directories, the log has one line for
 * it rather than a stack trace per request, and once room is made pushes are stored again.
 *
 * <p>Mounting needs root: without it the test is skipped, saying so.
 *
 * <p>Covers a bug where a full disk was answered {@code 500} with a Java exception's name and
 * logged with a stack trace per request (1,366 lines in 13 s).
 */
class DiskFullIT {
  private static final int SERIES_PER_PUSH = 3_000;

  private WindlassAgentProcess agent;
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    assumeTrue(isRoot(), "mounting a tmpfs needs root; skipping the disk-full test");
    agent = new WindlassAgentProcess();
    mount = agent.dataDir();
    Files.createDirectories(mount);
    run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mount.toString());
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    if (agent == null) {
      return;
    }
    agent.stop();
    if (mounted) {
      run("umount", mount.toString());
    }
    agent.close();
  }

  @Test
  void aFullDiskIs507WithRetryAfterAndEveryAcknowledgedSampleIsKept() throws Exception {
    // Room to free later, once the disk has filled up.
    Path filler = mount.resolve("filler");
    Files.write(filler, new byte[512 * 1024]);
    agent.start();

    long acknowledged = 0;
    Answer refused = null;
    for (int push = 0; push < 100 && refused == null; push++) {
      Answer answer =
          PushBodies.post(
              agent.importPrometheusUri(),
              PushBodies.prometheus("p" + push + "-", 0, SERIES_PER_PUSH));
      if (answer.status() == 204) {
        acknowledged += SERIES_PER_PUSH;
      } else {
        refused = answer;
      }
    }
    assertThat(refused).as("the disk filled up").isNotNull();
    assertThat(acknowledged).as("pushes were stored before").isPositive();
    assertThat(refused.status()).as(refused.body()).isEqualTo(507);
    assertThat(refused.retryAfter()).hasSize(1);
    assertThat(refused.body().strip()).isEqualTo("spool disk is full: not stored, retry later");

    // Take the last bytes too: now even one metric cannot be stored.
    fillUp(mount.resolve("filler-2"));
    for (int push = 0; push < 50; push++) {
      Answer answer =
          PushBodies.post(agent.importPrometheusUri(), PushBodies.prometheus("full-", 0, 100));
      assertThat(answer.status()).as(answer.body()).isEqualTo(507);
      assertThat(answer.retryAfter()).hasSize(1);
    }
    WindlassAgentProcess.CliResult added =
        agent.cli("add-metric", "--data-dir=" + agent.dataDir(), "queue.depth=12");
    assertThat(added.exitCode()).isNotZero();
    assertThat(added.output()).contains("spool disk is full").doesNotContain("Exception");

    assertThat(PushBodies.spooledSamples(agent.spoolDir())).isEqualTo(acknowledged);
    assertThat(PushBodies.stagedFiles(agent.spoolDir())).isEmpty();
    assertThat(PushBodies.get(agent.uri("/healthz"))).isEqualTo(200);
    List<String> log = agent.log().lines().toList();
    assertThat(log).filteredOn(line -> line.startsWith("\tat ")).isEmpty();
    assertThat(log).filteredOn(line -> line.contains("spool disk is full")).hasSizeBetween(1, 4);

    Files.delete(filler);
    Files.delete(mount.resolve("filler-2"));
    Answer after =
        PushBodies.post(
            agent.importPrometheusUri(), PushBodies.prometheus("after-", 0, SERIES_PER_PUSH));
    assertThat(after.status()).as(after.body()).isEqualTo(204);
    WindlassAgentProcess.CliResult addedAfter =
        agent.cli("add-metric", "--data-dir=" + agent.dataDir(), "queue.depth=12");
    assertThat(addedAfter.exitCode()).as(addedAfter.output()).isZero();
    assertThat(PushBodies.spooledSamples(agent.spoolDir()))
        .isEqualTo(acknowledged + SERIES_PER_PUSH + 1);
  }

  /** Writes {@code file} until the file system has no room left. */
  private static void fillUp(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!e.getMessage().contains("No space left on device")) {
        throw e;
      }
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
