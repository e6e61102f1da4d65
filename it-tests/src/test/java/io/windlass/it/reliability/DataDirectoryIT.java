package io.windlass.it.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.windlass.it.agent.AgentExtension;
import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.agent.WindlassAgentProcess.CliResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data directory belongs to one agent, and to its user: a second agent is refused, an unusable
 * directory ends {@code run} with one sentence, the spool is private, and a user who may not use
 * the agent's sockets is told so. The cases that need another user run the jar as {@code nobody}
 * (uid 65534) through {@code setpriv}, and are skipped, visibly, when the tests do not run as root.
 */
class DataDirectoryIT {
  private static final long NOBODY = 65534;
  private static final int GROUP = 4242;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess agent(String config) {
    WindlassAgentProcess agent = new WindlassAgentProcess().config(config);
    agents.track(agent);
    return agent;
  }

  private static boolean isRoot() throws IOException {
    Path probe = Files.createTempFile("windlass-uid", ".probe");
    try {
      return (Integer) Files.getAttribute(probe, "unix:uid") == 0;
    } finally {
      Files.delete(probe);
    }
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static boolean healthy(WindlassAgentProcess agent) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(agent.uri("/healthz"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  /**
   * Runs {@code windlass <args>} from the jar in {@code /}, as this user, or as {@code nobody} with
   * {@code groupOptions} for setpriv when they are given.
   */
  private static CliResult windlass(Path outputDir, List<String> groupOptions, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    if (!groupOptions.isEmpty()) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY));
      command.addAll(groupOptions);
    }
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx64m", "-jar", WindlassAgentProcess.JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(outputDir, "cli", ".out");
    Process process =
        new ProcessBuilder(command)
            .directory(Path.of("/").toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("windlass " + String.join(" ", args) + " did not end");
    }
    return new CliResult(process.exitValue(), Files.readString(out, UTF_8));
  }

  private static List<String> nobodyWithGroups(String groups) {
    return List.of("--regid=" + NOBODY, groups);
  }

  /**
   * Covers a bug where a second {@code windlass run} on a data directory in use started and
   * collected into the same spool.
   */
  @Test
  void aSecondAgentOnADataDirectoryInUseIsRefusedAtOnceAndTheFirstKeepsRunning() throws Exception {
    WindlassAgentProcess first = agent("inputs: []\n").start();

    CliResult second =
        first.cli(
            "run",
            "--data-dir=" + first.dataDir(),
            "--config=" + first.workDir().resolve("windlass.yaml"),
            "--for=60s");

    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.output())
        .isEqualTo(
            "windlass run: data directory "
                + first.dataDir().toRealPath()
                + " is in use by another agent (pid "
                + first.pid()
                + "): stop it first, or give this agent its own data directory (--data-dir)\n");
    assertThat(first.isRunning()).isTrue();
    assertThat(healthy(first)).isTrue();

    first.stop();
    first.start(); // a new agent on the same directory, once the first has gone
    assertThat(healthy(first)).isTrue();
  }

  @Test
  void theSpoolAndTheSocketsArePrivateToTheAgentsUser() throws Exception {
    WindlassAgentProcess agent = agent("inputs: []\n").start();

    assertThat(agent.cli("add-metric", "--data-dir=" + agent.dataDir(), "secret=1").exitCode())
        .isZero();

    assertThat(mode(agent.spoolDir())).isEqualTo(0700);
    assertThat(mode(agent.dataDir().resolve("run"))).isEqualTo(0700);
    try (Stream<Path> files = Files.list(agent.spoolDir())) {
      List<Path> batches =
          files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
      assertThat(batches).isNotEmpty();
      for (Path file : batches) {
        assertThat(mode(file)).as(file.toString()).isEqualTo(0600);
      }
    }
  }

  /**
   * Covers a bug where an unusable data directory made {@code run} restart the spool and the
   * sockets forever, logging a stack trace each time.
   */
  @Test
  void anUnusableDataDirectoryEndsRunWithOneSentence() throws Exception {
    Path base = Files.createTempDirectory(Path.of("target"), "unusable-").toAbsolutePath();
    Path file = Files.writeString(base.resolve("a-file"), "x");
    Path open = Files.createDirectory(base.resolve("group-writable"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxr-x"));
    Path planted = Files.createDirectory(base.resolve("planted"));
    Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
    Files.createSymbolicLink(planted.resolve("spool"), elsewhere);
    Path deep = base.resolve("d".repeat(110));

    assertRunRefuses(base, file, "windlass run: data directory " + file + " is not a directory");
    assertRunRefuses(
        base, open, "windlass run: data directory " + open + " is writable by its group or by");
    assertRunRefuses(
        base,
        planted,
        "windlass run: "
            + planted.resolve("spool")
            + " is a symbolic link, which the agent does not follow: remove it");
    assertRunRefuses(
        base,
        deep,
        "windlass run: data directory " + deep + " is too deep for the agent's sockets");
    try (Stream<Path> inside = Files.list(elsewhere)) {
      assertThat(inside).as("nothing written through the planted link").isEmpty();
    }
  }

  @Test
  void aDataDirectoryOfAnotherUserOrReadOnlyEndsRunWithOneSentence() throws Exception {
    assumeThat(isRoot()).as("another user's directory needs root to make").isTrue();
    Path base = Files.createTempDirectory(Path.of("target"), "unusable-").toAbsolutePath();
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path theirs = Files.createDirectory(base.resolve("theirs"));
    Files.setAttribute(theirs, "unix:uid", (int) NOBODY);

    assertRunRefuses(
        base,
        theirs,
        "windlass run: data directory "
            + theirs
            + " is owned by uid 65534, not by the agent's user (uid 0)");

    // The same directory, read-only, for an agent running as its owner.
    Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("r-x------"));
    CliResult result =
        windlass(
            base, nobodyWithGroups("--clear-groups"), "run", "--for=60s", "--data-dir=" + theirs);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output())
        .isEqualTo(
            "windlass run: data directory "
                + theirs
                + " is not writable by the agent's user (mode 0500, or a read-only file system)\n");
  }

  private static void assertRunRefuses(Path base, Path dataDir, String start) throws Exception {
    CliResult result = windlass(base, List.of(), "run", "--for=60s", "--data-dir=" + dataDir);

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).startsWith(start).endsWith("\n");
    assertThat(result.output().lines()).as("one sentence, no stack trace").hasSize(1);
  }

  /**
   * Covers a bug where a user who may not use the agent's sockets was told that no agent was
   * running, and one who held {@code sockets.allowed-gid} as a supplementary group was refused.
   */
  @Test
  void aUserWhoMayNotUseTheSocketsIsToldPermissionDeniedAndAGroupMemberGetsIn() throws Exception {
    assumeThat(isRoot()).as("running the CLI as another user needs root").isTrue();
    WindlassAgentProcess agent =
        agent("inputs: []\nsockets:\n  allowed-gid: " + GROUP + "\n").start();
    // Let other users walk to the data directory, as /var/lib would.
    Files.setPosixFilePermissions(agent.workDir(), PosixFilePermissions.fromString("rwx--x--x"));
    Path data = agent.dataDir();
    Path run = data.resolve("run");
    String dataDir = "--data-dir=" + data;

    CliResult send =
        windlass(agent.workDir(), nobodyWithGroups("--clear-groups"), "send-now", dataDir);
    CliResult add =
        windlass(agent.workDir(), nobodyWithGroups("--clear-groups"), "add-metric", dataDir, "x=1");
    CliResult report =
        windlass(agent.workDir(), nobodyWithGroups("--clear-groups"), "report", dataDir);

    assertThat(send.exitCode()).isEqualTo(1);
    assertThat(send.output())
        .startsWith(
            "send-now: permission denied: "
                + run.resolve("send.sock")
                + " (this user, nobody (uid 65534), may not enter "
                + run);
    assertThat(add.exitCode()).isEqualTo(1);
    assertThat(add.output())
        .startsWith("add-metric: permission denied: " + run.resolve("ingest.sock") + " (");
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.output())
        .startsWith("report: permission denied: " + run.resolve("status.url") + " (");

    List<String> member = nobodyWithGroups("--groups=27," + GROUP);
    CliResult memberAdd = windlass(agent.workDir(), member, "add-metric", dataDir, "from.member=1");
    CliResult memberSend = windlass(agent.workDir(), member, "send-now", dataDir);
    CliResult memberReport = windlass(agent.workDir(), member, "report", dataDir);
    CliResult memberSpool = windlass(agent.workDir(), member, "spool", "ls", dataDir);

    assertThat(memberAdd.exitCode()).as(memberAdd.output()).isZero();
    assertThat(memberSend.output())
        .isEqualTo("send-now: the agent answered: no sender is running\n");
    assertThat(memberReport.exitCode()).as(memberReport.output()).isZero();
    assertThat(memberSpool.exitCode()).as(memberSpool.output()).isZero();
    assertThat(memberSpool.output()).contains("local:ingest");
    assertThat(mode(agent.spoolDir())).isEqualTo(02750);
    assertThat(Files.getAttribute(agent.spoolDir(), "unix:gid")).isEqualTo(GROUP);
    try (Stream<Path> files = Files.list(agent.spoolDir())) {
      for (Path file :
          files
              .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList()) {
        assertThat(mode(file)).as(file.toString()).isEqualTo(0640);
        assertThat(Files.getAttribute(file, "unix:gid")).as(file.toString()).isEqualTo(GROUP);
      }
    }
  }
}
