package io.windlass.collector.inputs.dialcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import io.windlass.collector.nsenter.CommandRequestExecutor;
import io.windlass.collector.nsenter.NsEnterTarget;
import io.windlass.collector.process.TimedProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dialcheck against a real network namespace: a listener runs only inside {@code wl-test-<random>};
 * POD mode, entering the namespace through a process in it, finds the port up, while AGENT mode, in
 * the test's own namespace, finds it down. Needs root, {@code ip} and {@code nsenter}; without them
 * the test is skipped with the reason.
 */
class DialcheckInputNetnsIT {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void podModeReachesAPortListeningOnlyInsideTheNamespaceWhereAgentModeDoesNot() throws Exception {
    assumeTrue(onPath("ip"), "skipped: no `ip` (iproute2) on PATH to create a network namespace");
    assumeTrue(onPath("nsenter"), "skipped: no `nsenter` (util-linux) on PATH");
    String namespace = "wl-test-" + UUID.randomUUID().toString().substring(0, 8);
    TimedProcess.Outcome add = run("ip", "netns", "add", namespace);
    assumeTrue(
        add.exitCode() == 0,
        "skipped: cannot create a network namespace (needs root): " + add.stderrTail().strip());
    Process listener = null;
    try {
      TimedProcess.Outcome lo = run("ip", "-n", namespace, "link", "set", "lo", "up");
      assertThat(lo.exitCode()).as("lo up: %s", lo.stderrTail()).isZero();
      listener =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  namespace,
                  CommandRequestExecutor.runningJava(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  NamespacedListener.class.getName())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String announced =
          new BufferedReader(
                  new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (announced == null) {
        fail("listener in " + namespace + " exited before announcing its port");
      }
      String[] portAndPid = announced.strip().split(" ");
      int port = Integer.parseInt(portAndPid[0]);
      long pidInNamespace = Long.parseLong(portAndPid[1]);
      DialcheckConfig config = new DialcheckConfig("127.0.0.1", port, Duration.ofSeconds(2));
      Map<String, String> tags = Map.of("host", "127.0.0.1", "port", Integer.toString(port));

      DialcheckInput pod =
          new DialcheckInput(
              config,
              NsEnterTarget.pod(pidInNamespace),
              CommandRequestExecutor.nsenter(
                  CommandRequestExecutor.runningJava(), System.getProperty("java.class.path")));
      MemoryAccumulator podMetrics = new MemoryAccumulator();
      pod.collect(podMetrics);
      assertThat(pod.debugInfo()).containsEntry("helperFailures", 0L);
      assertThat(podMetrics.metrics()).contains(Metric.of("up", tags, 1.0));
      assertThat(podMetrics.metrics())
          .anySatisfy(
              m -> {
                assertThat(m.name()).isEqualTo("latency_ms");
                assertThat(m.tags()).isEqualTo(tags);
                assertThat(m.value()).isGreaterThanOrEqualTo(0);
              });

      DialcheckInput agent =
          new DialcheckInput(
              config,
              NsEnterTarget.agent(),
              (pid, request) -> {
                throw new AssertionError("AGENT mode must not run a helper");
              });
      MemoryAccumulator agentMetrics = new MemoryAccumulator();
      agent.collect(agentMetrics);
      assertThat(agentMetrics.metrics()).containsExactly(Metric.of("up", tags, 0.0));
    } finally {
      if (listener != null) {
        TimedProcess.killTree(listener);
        listener.waitFor(10, TimeUnit.SECONDS);
      }
      TimedProcess.Outcome delete = run("ip", "netns", "delete", namespace);
      assertThat(delete.exitCode()).as("netns delete: %s", delete.stderrTail()).isZero();
    }
  }

  private static TimedProcess.Outcome run(String... command) throws Exception {
    return TimedProcess.run(List.of(command), new byte[0], Duration.ofSeconds(20), 1 << 16);
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
