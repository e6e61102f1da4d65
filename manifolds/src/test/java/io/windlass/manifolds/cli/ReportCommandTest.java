package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldModule;
import io.windlass.manifolds.report.ReportPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code report} against a JDK HTTP server that serves the JSON a real engine's report serialises
 * to, so the command keeps reading the format the agent writes.
 */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The report of a real engine with a started, an inferred and a failed manifold. */
  private static String reportJson;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private HttpServer server;
  private final AtomicReference<String> authorization = new AtomicReference<>();

  static final class Tick {}

  static final class Source extends AbstractIdleService {
    Tick tick() {
      return new Tick();
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class Sink extends AbstractIdleService {
    @Inject
    Sink(Tick tick) {}

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class Broken extends AbstractIdleService {
    @Override
    protected void startUp() {
      throw new IllegalStateException("disk on fire\n  and the fan too");
    }

    @Override
    protected void shutDown() {}
  }

  @BeforeAll
  static void runARealEngine() throws Exception {
    Injector injector =
        Guice.createInjector(
            new EngineModule(
                EngineConfig.builder()
                    .errorDelay(Duration.ofHours(1))
                    .maxDelay(Duration.ofHours(1))
                    .build()),
            new ManifoldModule() {
              @Override
              protected void configureManifolds() {
                manifold("source").worker(Source.class).exposes(Tick.class, Source::tick);
                manifold("sink").worker(Sink.class);
                manifold("broken").inputs("source").worker(Broken.class);
              }
            });
    Engine engine = injector.getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    try {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  engine.report().manifold("sink").startCount() == 1
                      && engine.report().manifold("broken").error() != null);
      reportJson = ReportPrinter.toJson(engine.report());
    } finally {
      engine.stopAsync().awaitTerminated(WAIT);
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves {@code body} at /engine with {@code status}; requires {@code token} if not null. */
  private String serve(int status, String body, String token) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/engine",
        exchange -> {
          authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          if (token != null && !("Bearer " + token).equals(authorization.get())) {
            respond(exchange, 401, "unauthorized");
          } else {
            respond(exchange, status, body);
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream response = exchange.getResponseBody()) {
      response.write(bytes);
    }
  }

  /** Writes {@code <data>/run/status.url} as the status server does. */
  private Path statusUrl(String url) throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("run"));
    Files.writeString(data.resolve("run/status.url"), url + "\n");
    return data;
  }

  private int windlass(String... args) {
    return windlass(Map.of(), args);
  }

  private int windlass(Map<String, String> environment, String... args) {
    CommandLine cli =
        WindlassCommand.commandLine(
            new WindlassCommand(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                if (type == ReportCommand.class) {
                  return type.cast(new ReportCommand(environment));
                }
                return CommandLine.defaultFactory().create(type);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void printsTheReportAsATableFoundThroughStatusUrl() throws Exception {
    Path data = statusUrl(serve(200, reportJson, null));

    int exit = windlass("report", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).isEqualTo("engine started, 3 manifolds");
    assertThat(lines.get(1)).matches("MANIFOLD +STATE +INPUTS +STARTS +STARTED +ERROR");
    assertThat(lines.get(2))
        .as("waiting to restart, its error on one line")
        .matches("broken +starting +source +0 +- +disk on fire and the fan too");
    assertThat(lines.get(3)).matches("sink +started +source +1 +\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z");
    assertThat(lines.get(4)).matches("source +started +- +1 +\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z");
    assertThat(lines).hasSize(5);
    for (String column : List.of("STATE", "INPUTS", "STARTED")) {
      int at = lines.get(1).indexOf(column);
      assertThat(lines.subList(2, 5))
          .as("column %s is aligned", column)
          .allSatisfy(line -> assertThat(line.charAt(at - 1)).isEqualTo(' '))
          .allSatisfy(line -> assertThat(line.charAt(at)).isNotEqualTo(' '));
    }
    assertThat(authorization.get()).as("no token given, none sent").isNull();
  }

  @Test
  void printsTheJsonTheAgentSent() throws Exception {
    Path data = statusUrl(serve(200, reportJson, null));

    int exit = windlass("report", "--json", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).isEqualTo(reportJson + "\n");
    assertThat(JSON.readTree(out.toString()).at("/manifolds/sink/inputs/0").asText())
        .isEqualTo("source");
  }

  @Test
  void takesTheUrlFromTheCommandLine() throws Exception {
    String base = serve(200, reportJson, null);

    int exit = windlass("report", "--url", base.substring(0, base.length() - 1));

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).startsWith("engine started, 3 manifolds\n");
  }

  @Test
  void readsThirtyManifoldsAsAnAlignedTable() throws Exception {
    Engine engine =
        Guice.createInjector(
                new EngineModule(),
                new ManifoldModule() {
                  @Override
                  protected void configureManifolds() {
                    for (int i = 1; i <= 30; i++) {
                      var m = manifold(String.format("worker-%02d", i));
                      if (i > 1) {
                        m.inputs(String.format("worker-%02d", i - 1));
                      }
                      m.start(resources -> new Source());
                    }
                  }
                })
            .getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    JsonNode report;
    try {
      engine.awaitHealthy(WAIT);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  engine.report().manifolds().values().stream()
                      .allMatch(m -> m.state().equals("started")));
      report = JSON.readTree(ReportPrinter.toJson(engine.report()));
    } finally {
      engine.stopAsync().awaitTerminated(WAIT);
    }

    List<String> lines = ReportCommand.table(report).lines().toList();

    assertThat(lines).hasSize(32);
    assertThat(lines.get(0)).isEqualTo("engine started, 30 manifolds");
    int started = lines.get(1).indexOf("STARTED");
    assertThat(lines.subList(2, 32))
        .allSatisfy(
            line -> assertThat(line).matches("worker-\\d\\d +started +(-|worker-\\d\\d) +\\d+ +.*"))
        .allSatisfy(line -> assertThat(line.substring(started)).matches("\\d{4}-.*Z"));
  }

  @Test
  void sendsTheTokenFromTheOptionOrTheEnvironment() throws Exception {
    Path data = statusUrl(serve(200, reportJson, "s3cret"));

    assertThat(windlass("report", "--data-dir", data.toString(), "--token", "s3cret"))
        .as("stderr: %s", err)
        .isZero();
    assertThat(authorization.get()).isEqualTo("Bearer s3cret");

    assertThat(
            windlass(
                Map.of(ReportCommand.TOKEN_VARIABLE, "s3cret"),
                "report",
                "--data-dir",
                data.toString()))
        .as("stderr: %s", err)
        .isZero();
    assertThat(authorization.get()).isEqualTo("Bearer s3cret");
  }

  @Test
  void takesTheTokenFromTheConfigLast() throws Exception {
    Path data = statusUrl(serve(200, reportJson, "s3cret"));
    Path config =
        Files.writeString(
            dir.resolve("windlass.yaml"),
            "agent:\n  data-dir: " + data + "\nstatus:\n  token: s3cret\n");

    assertThat(windlass("report", "--config", config.toString())).as("stderr: %s", err).isZero();
    assertThat(authorization.get()).isEqualTo("Bearer s3cret");

    assertThat(
            windlass(
                Map.of(ReportCommand.TOKEN_VARIABLE, "other"),
                "report",
                "--config",
                config.toString()))
        .as("the environment comes first")
        .isEqualTo(1);
    assertThat(authorization.get()).isEqualTo("Bearer other");
  }

  @Test
  void aRefusedTokenIsExplained() throws Exception {
    Path data = statusUrl(serve(200, reportJson, "s3cret"));

    assertThat(windlass("report", "--data-dir", data.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "report: the status server refused the request (401): it needs a token; give it with"
                + " --token or WINDLASS_STATUS_TOKEN\n");

    err.getBuffer().setLength(0);
    assertThat(windlass("report", "--data-dir", data.toString(), "--token", "wrong")).isEqualTo(1);
    assertThat(err.toString()).contains("check the token given with --token");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void withoutStatusUrlNoAgentIsRunning() {
    Path data = dir.resolve("data");

    int exit = windlass("report", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "report: no agent is running: " + data.resolve("run/status.url") + " does not exist");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aStatusUrlNobodyAnswersAtMeansNoAgentIsRunning() throws Exception {
    Path data = statusUrl(serve(200, reportJson, null));
    server.stop(0);
    server = null;

    int exit = windlass("report", "--data-dir", data.toString(), "--timeout", "5s");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("report: no agent is running: nothing answers at http://127.0.0.1:")
        .contains("status.url is left from an agent that stopped");
  }

  @Test
  void anErrorStatusIsReportedWithTheBody() throws Exception {
    Path data = statusUrl(serve(500, "engine report failed\n", null));

    assertThat(windlass("report", "--data-dir", data.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("report: the status server answered 500 for http://127.0.0.1:")
        .endsWith("/engine: engine report failed\n");
  }

  @Test
  void anAnswerThatIsNotAReportIsRefused() throws Exception {
    Path data = statusUrl(serve(200, "<html>hello</html>", null));

    assertThat(windlass("report", "--data-dir", data.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "report: the status server's answer is not an engine report: <html>hello</html>\n");
  }

  @Test
  void aStatusUrlThatIsNotAUrlIsReported() throws Exception {
    Path data = statusUrl("ftp://example.com/");

    assertThat(windlass("report", "--data-dir", data.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("status.url: \"ftp://example.com/\" is not an http URL");
  }

  @Test
  void theUrlExcludesTheDataDirectory() {
    assertThat(windlass("report", "--url", "http://127.0.0.1:1/", "--data-dir", "d"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--url names the agent");
  }
}
