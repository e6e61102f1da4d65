import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The training run of the agent's class data sharing archive (see manifolds/pom.xml), run by the
 * build as a source file: {@code java CdsTraining.java JAR ARCHIVE}.
 *
 * <p>Starts the agent jar with {@code -XX:ArchiveClassesAtExit=ARCHIVE} on a config file as users
 * write one: the default inputs (the host inputs) and a remote-write sink, here a receiver of this
 * program's on a free loopback port that takes every request; its status server on a free loopback
 * port and its data in a fresh temporary folder. So the classes that read a config file and that
 * send to a sink are archived too, as are those of the default log level's messages. Waits until
 * {@code /healthz} answers 200; sends the requests an agent usually serves (health, its metrics,
 * the federation and the engine report, and a push of Prometheus text and of Influx line protocol)
 * so that the classes that serve them are archived too; waits until the sink has received a
 * request; then stops the agent with SIGTERM, and the JVM writes the archive as it exits. Fails if
 * the agent does not become healthy or send within {@link #PATIENCE}, a request fails, or no
 * archive is written.
 */
public final class CdsTraining {
  /** The longest wait for the agent to start and to stop. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  /** The longest a training request may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How often each request is sent. */
  static final int ROUNDS = 20;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java CdsTraining.java JAR ARCHIVE");
    }
    Path jar = Path.of(args[0]);
    Path archive = Path.of(args[1]);
    Files.deleteIfExists(archive);
    // A fresh data directory under the temporary folder: its unix sockets' paths stay short
    // however deep the build's folder is.
    Path dataDir = Files.createTempDirectory("windlass-cds-");
    Path config = dataDir.resolve("windlass.yaml");
    AtomicInteger received = new AtomicInteger();
    HttpServer sink =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sink.createContext(
        "/api/v1/write",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          received.incrementAndGet();
        });
    sink.start();
    Files.writeString(
        config,
        "sink:\n"
            + "  url: http://127.0.0.1:"
            + sink.getAddress().getPort()
            + "/api/v1/write\n"
            + "  interval: 1s\n"
            + "  jitter: 0s\n",
        StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process agent =
        new ProcessBuilder(
                java,
                "-XX:ArchiveClassesAtExit=" + archive,
                // Classes the archive cannot hold (picocli's are Java 5 class files) are loaded
                // from the jar as usual: no warning for each.
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=error",
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString(),
                "run",
                "--config=" + config,
                "--listen=127.0.0.1:0",
                "--data-dir=" + dataDir)
            .inheritIO()
            .start();
    try {
      URI base = awaitHealthy(agent, dataDir.resolve("run").resolve("status.url"));
      HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
      for (int round = 0; round < ROUNDS; round++) {
        for (String path : List.of("healthz", "metrics", "federate", "engine")) {
          send(http, HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET());
        }
        long now = System.currentTimeMillis();
        send(
            http,
            HttpRequest.newBuilder(base.resolve("api/v1/import/prometheus"))
                .timeout(REQUEST_TIMEOUT)
                .POST(body("cds_training{round=\"" + round + "\"} 1 " + now + "\n")));
        send(
            http,
            HttpRequest.newBuilder(base.resolve("write?precision=ms"))
                .timeout(REQUEST_TIMEOUT)
                .POST(body("cds_training,round=" + round + " value=1 " + now + "\n")));
      }
      awaitSent(agent, received);
    } finally {
      agent.destroy();
      if (!agent.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        agent.destroyForcibly();
        agent.waitFor();
      }
      sink.stop(0);
      deleteTree(dataDir);
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the training run wrote no archive at " + archive);
    }
  }

  /** Waits until the agent has written its status URL and answers 200 on /healthz there. */
  private static URI awaitHealthy(Process agent, Path urlFile) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited with status " + agent.exitValue());
      }
      if (Files.isRegularFile(urlFile)) {
        URI base = URI.create(Files.readString(urlFile, StandardCharsets.UTF_8).strip());
        try {
          HttpResponse<Void> health =
              http.send(
                  HttpRequest.newBuilder(base.resolve("healthz")).timeout(REQUEST_TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
          if (health.statusCode() == 200) {
            return base;
          }
        } catch (IOException notYet) {
          // The server is not listening yet.
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the agent was not healthy within " + PATIENCE);
  }

  /** Waits until the sink has received a request from the agent. */
  private static void awaitSent(Process agent, AtomicInteger received) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (received.get() == 0) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited with status " + agent.exitValue());
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException("the agent sent nothing to the sink within " + PATIENCE);
      }
      Thread.sleep(50);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }

  private static void send(HttpClient http, HttpRequest.Builder request) throws Exception {
    HttpResponse<Void> response =
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          request.build().uri() + " answered " + response.statusCode());
    }
  }
}
