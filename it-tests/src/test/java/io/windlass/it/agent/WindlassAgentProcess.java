package io.windlass.it.agent;

import io.windlass.it.backend.BackendProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The agent as users run it: {@code java -jar manifolds/target/windlass.jar run} in a child JVM
 * with a fixed heap, its status server on a free loopback port (ready once {@code /healthz} answers
 * 200), its data directory kept across restarts, and its output in a log under {@code target/}.
 *
 * <p>The config is written before every start from {@link #config(String)} (the sections after
 * {@code status}); the status section is added here. The jar is the one {@code mvn package} builds:
 * {@link #JAR}.
 */
public final class WindlassAgentProcess extends BackendProcess {
  /** The runnable jar, built by the manifolds module's package phase. */
  public static final Path JAR =
      Paths.get(System.getProperty("windlass.jar", "../manifolds/target/windlass.jar"))
          .toAbsolutePath()
          .normalize();

  /**
   * The class data sharing archive the manifolds build writes beside the jar ({@code
   * target/windlass.jsa}); used when present, as the README's command does.
   */
  public static final Path CDS_ARCHIVE = JAR.resolveSibling("windlass.jsa");

  /** The heap the agent runs with, as its users are told it needs. */
  public static final String HEAP = "128m";

  /**
   * The JVM options the README gives for running the agent: its heap bounded, the serial collector,
   * notifications handled by the service thread rather than a thread of their own, and only the
   * quick compiler (C1).
   */
  public static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms" + HEAP,
          "-Xmx" + HEAP,
          "-XX:+UseSerialGC",
          "-XX:-UseNotificationThread",
          "-XX:TieredStopAtLevel=1");

  private String config = "inputs: []\n";
  private String statusSettings = "";
  private boolean tokenRequired;
  private final List<String> extraArgs = new ArrayList<>();
  private final List<String> launcher = new ArrayList<>();

  public WindlassAgentProcess() {
    super("windlass");
  }

  /** The YAML the agent runs with, without a {@code status} section (this fixture adds it). */
  public WindlassAgentProcess config(String yaml) {
    this.config = yaml;
    return this;
  }

  /**
   * More keys of the {@code status} section, each line indented by two spaces (e.g. {@code "
   * header-timeout: 30s\n"}); {@code listen} is set here.
   */
  public WindlassAgentProcess statusSettings(String yaml) {
    this.statusSettings = yaml;
    return this;
  }

  /**
   * Requires {@code token} of every client of the status server, on loopback too. Readiness is then
   * the web console's login form answering (open to all), not {@code /healthz}, which needs the
   * token: a test that needs the agent healthy waits for it with the token.
   */
  public WindlassAgentProcess token(String token) {
    this.statusSettings += "  token: " + token + "\n  require-token-on-loopback: true\n";
    this.tokenRequired = true;
    return this;
  }

  /** Adds {@code run} options for the next starts, e.g. {@code --sink URL}. */
  public WindlassAgentProcess extraArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  /**
   * Runs the agent's JVM through {@code command} from the next start on, e.g. {@code setpriv
   * --bounding-set=-dac_override,-dac_read_search} so that an agent run as root cannot read a file
   * of mode 000, as an agent run as any other user cannot. The command must exec the JVM, so that
   * the process stopped is the agent.
   */
  public WindlassAgentProcess launcher(String... command) {
    launcher.clear();
    launcher.addAll(List.of(command));
    return this;
  }

  @Override
  public WindlassAgentProcess start() {
    super.start();
    return this;
  }

  /** The agent's spool directory. */
  public Path spoolDir() {
    return dataDir().resolve("spool");
  }

  /** The batches in the spool now: the data files (each has a {@code .meta} beside it). */
  public long spooledBatches() throws IOException {
    if (!Files.isDirectory(spoolDir())) {
      return 0;
    }
    try (var files = Files.list(spoolDir())) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".meta"))
          .count();
    }
  }

  /** The batches moved to {@code rejected/}. */
  public long rejectedBatches() throws IOException {
    Path rejected = spoolDir().resolve("rejected");
    if (!Files.isDirectory(rejected)) {
      return 0;
    }
    try (var files = Files.list(rejected)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".meta")).count();
    }
  }

  /** {@code /api/v1/import/prometheus} on the status server. */
  public URI importPrometheusUri() {
    return uri("/api/v1/import/prometheus");
  }

  /** {@code /write} (Influx line protocol) on the status server. */
  public URI influxWriteUri() {
    return uri("/write");
  }

  /**
   * Runs {@code windlass <args>} against this agent's data directory, as a user would from a shell,
   * and returns what it printed and its exit code.
   */
  public CliResult cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir(), "cli", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .directory(workDir().toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("windlass " + String.join(" ", args) + " did not end");
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return new CliResult(process.exitValue(), output);
  }

  /** What a CLI command printed (stdout and stderr together) and its exit code. */
  public record CliResult(int exitCode, String output) {}

  @Override
  protected void prepare() throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: build it with mvn package (mvn verify builds it before these tests)");
    }
    Files.writeString(workDir().resolve("windlass.yaml"), config, StandardCharsets.UTF_8);
  }

  @Override
  protected List<String> command(int port) {
    try {
      // The status server's port is known only now; rewrite the config with it.
      Files.writeString(
          workDir().resolve("windlass.yaml"),
          config + "\nstatus:\n  listen: 127.0.0.1:" + port + "\n" + statusSettings,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(launcher);
    command.addAll(javaCommand());
    command.add("run");
    command.add("--config=" + workDir().resolve("windlass.yaml"));
    command.add("--data-dir=" + dataDir());
    command.add("--report-interval=1h");
    command.addAll(extraArgs);
    return command;
  }

  private static List<String> javaCommand() {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    if (Files.isRegularFile(CDS_ARCHIVE)) {
      command.add("-XX:SharedArchiveFile=" + CDS_ARCHIVE);
    }
    // Extra JVM options for the agent, e.g. a flight recording while profiling a benchmark.
    String extra =
        Objects.requireNonNullElse(System.getenv("WINDLASS_AGENT_JVM_OPTIONS"), "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-jar");
    command.add(JAR.toString());
    return command;
  }

  @Override
  protected String readinessPath() {
    return tokenRequired ? "/login" : "/healthz";
  }

  /** How long a stop may take: the engine's stop timeout and a margin. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
}
