package io.windlass.it.backend;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A backend binary (Prometheus, VictoriaMetrics, vmagent) run as a child process on a free loopback
 * port, with its own data directory and its output in a log file under {@code target/}.
 *
 * <p>{@link #start()} picks a free port (and picks another if the binary then cannot bind it),
 * starts the binary and waits until its readiness endpoint answers 200; {@link #stop()} sends
 * SIGTERM and SIGKILL after {@link #STOP_TIMEOUT}; {@link #kill()} sends SIGKILL at once; {@link
 * #restart()} stops and starts again on the same port with the same data directory; {@link
 * #close()} stops and deletes the data directory, keeping the log. Every started process is also
 * killed by a JVM shutdown hook, should a test forget to close it.
 *
 * <p>Everything lives under {@code target/backends/<name>-<random>/}: {@code data/} and {@code
 * <name>.log} (both runs of a restart append to the same log). The base directory can be changed
 * with the system property {@code windlass.it.backends.dir}.
 */
public abstract class BackendProcess implements AutoCloseable {
  /** How long a start may take before it fails with the log's tail. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@link #stop()} waits after SIGTERM before SIGKILL. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /** How many lines of the log a failure shows. */
  public static final int TAIL_LINES = 40;

  private static final int BIND_ATTEMPTS = 5;

  private final String name;
  private final Path workDir;
  private final Path dataDir;
  private final Path logFile;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Process process;
  private int port;
  private IntSupplier portChooser = BackendProcess::freePort;
  private Duration lastStartDuration = Duration.ZERO;

  /**
   * @param name the binary's short name, used for the directory and the log ({@code prometheus})
   */
  protected BackendProcess(String name) {
    this.name = name;
    try {
      Path base = Paths.get(System.getProperty("windlass.it.backends.dir", "target/backends"));
      Files.createDirectories(base);
      this.workDir = Files.createTempDirectory(base.toAbsolutePath(), name + "-");
      this.dataDir = Files.createDirectories(workDir.resolve("data"));
      this.logFile = workDir.resolve(name + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command line for a run listening on {@code 127.0.0.1:port}. */
  protected abstract List<String> command(int port);

  /**
   * The path answering 200 once the process serves requests ({@code /-/ready}, {@code /health}).
   */
  protected abstract String readinessPath();

  /** Called before each start, e.g. to write a config file into {@link #workDir()}. */
  protected void prepare() throws IOException {}

  /**
   * Starts the process and waits until it is ready. On the first start the port is a free one;
   * later starts ({@link #restart()}) reuse it.
   *
   * @return this
   * @throws IllegalStateException if it is already running, or it exited or did not become ready
   *     within {@link #START_TIMEOUT} (the message holds the log's tail)
   */
  public synchronized BackendProcess start() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running on port " + port);
    }
    boolean keepPort = port != 0;
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      if (!keepPort) {
        port = portChooser.getAsInt();
      }
      long logOffset = logSize();
      launch();
      StartOutcome outcome = awaitReady();
      if (outcome == StartOutcome.READY) {
        lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
        return this;
      }
      String newOutput = readLogFrom(logOffset);
      boolean bindFailure =
          outcome == StartOutcome.EXITED
              && newOutput.toLowerCase(Locale.ROOT).contains("address already in use");
      if (!bindFailure || attempt >= BIND_ATTEMPTS) {
        destroy(Duration.ZERO);
        throw new IllegalStateException(
            name
                + (outcome == StartOutcome.EXITED
                    ? " exited with status " + process.exitValue()
                    : " was not ready within " + START_TIMEOUT)
                + " (port "
                + port
                + ", log "
                + logFile
                + "):\n"
                + tail(TAIL_LINES));
      }
      // Another process took the port between our probe and the bind: try again (with another
      // port, unless this is a restart, which must keep the port).
    }
  }

  private enum StartOutcome {
    READY,
    EXITED,
    TIMED_OUT
  }

  private void launch() {
    try {
      prepare();
      Files.writeString(
          logFile,
          "=== windlass: starting " + String.join(" ", command(port)) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(command(port))
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      LiveProcesses.register(process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command(port).get(0), e);
    }
  }

  private StartOutcome awaitReady() {
    Process p = process;
    URI ready = uri(readinessPath());
    try {
      await("readiness of " + name + " at " + ready)
          .atMost(START_TIMEOUT)
          .pollDelay(Duration.ofMillis(20))
          .pollInterval(Duration.ofMillis(50))
          .failFast(() -> !p.isAlive())
          .until(() -> answers200(ready));
      // Whatever answered, it was not this process if this process has exited meanwhile.
      return p.isAlive() ? StartOutcome.READY : exited(p);
    } catch (ConditionTimeoutException e) {
      return StartOutcome.TIMED_OUT;
    } catch (TerminalFailureException e) {
      return exited(p);
    }
  }

  private static StartOutcome exited(Process p) {
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StartOutcome.EXITED;
  }

  private boolean answers200(URI uri) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends SIGTERM, waits up to {@link #STOP_TIMEOUT}, then SIGKILL. Does nothing if stopped. */
  public synchronized void stop() {
    destroy(STOP_TIMEOUT);
  }

  /** Sends SIGKILL (to the process and any descendants) and waits for it to die. */
  public synchronized void kill() {
    destroy(Duration.ZERO);
  }

  /** Stops (SIGTERM) and starts again on the same port with the same data directory. */
  public synchronized BackendProcess restart() {
    stop();
    return start();
  }

  private void destroy(Duration grace) {
    Process p = process;
    if (p == null) {
      return;
    }
    List<ProcessHandle> descendants = p.descendants().toList();
    try {
      if (p.isAlive()) {
        if (!grace.isZero()) {
          p.destroy();
          if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println(
                name + " did not stop within " + grace + " after SIGTERM; sending SIGKILL");
          }
        }
        p.destroyForcibly();
        p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      descendants.forEach(ProcessHandle::destroyForcibly);
      LiveProcesses.unregister(p);
    }
  }

  /** Stops the process and deletes the data directory; the log stays for diagnosis. */
  @Override
  public synchronized void close() {
    stop();
    deleteRecursively(dataDir);
  }

  /** Whether the process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id of the current (or last) run. */
  public synchronized long pid() {
    requireStarted();
    return process.pid();
  }

  /** The loopback port it listens on (kept across restarts). */
  public synchronized int port() {
    requireStarted();
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** {@code path} (with its query, if any) on this process. */
  public URI uri(String path) {
    return baseUri().resolve(path);
  }

  /** How long the last {@link #start()} took until ready. */
  public synchronized Duration lastStartDuration() {
    return lastStartDuration;
  }

  /** The binary's short name. */
  public String name() {
    return name;
  }

  /** This process's directory under {@code target/backends}. */
  public Path workDir() {
    return workDir;
  }

  /** The data directory, kept across restarts. */
  public Path dataDir() {
    return dataDir;
  }

  /** The file the process's stdout and stderr go to. */
  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of the log. */
  public String tail(int lines) {
    if (!Files.exists(logFile)) {
      return "(no log yet)";
    }
    Deque<String> last = new ArrayDeque<>(lines);
    try (Stream<String> all = Files.lines(logFile, StandardCharsets.UTF_8)) {
      all.forEach(
          line -> {
            if (last.size() == lines) {
              last.removeFirst();
            }
            last.addLast(line);
          });
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
    return String.join("\n", last);
  }

  /** The whole log as it is now. */
  public String log() {
    return readLogFrom(0);
  }

  /** The shared HTTP client (HTTP/1.1). */
  protected HttpClient http() {
    return http;
  }

  @Override
  public String toString() {
    return name + (port == 0 ? "" : "@127.0.0.1:" + port);
  }

  private long logSize() {
    try {
      return Files.exists(logFile) ? Files.size(logFile) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private String readLogFrom(long offset) {
    try {
      if (!Files.exists(logFile)) {
        return "";
      }
      byte[] all = Files.readAllBytes(logFile);
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name + " has not been started");
    }
  }

  /** Replaces how the first start picks its port (a test of the retry on bind failure). */
  synchronized void portChooser(IntSupplier chooser) {
    this.portChooser = chooser;
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /** The executable: {@code $env} if set, else {@code binary} on the PATH. */
  protected static String executable(String env, String binary) {
    String configured = System.getenv(env);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Paths.get(dir.isEmpty() ? "." : dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        binary
            + " is not installed (not on the PATH, and $"
            + env
            + " is not set): run scripts/test, which installs it, or apt-get install it");
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  // Best effort: target/ is cleaned by mvn clean anyway.
                }
              });
    } catch (IOException e) {
      // Best effort, as above.
    }
  }
}
