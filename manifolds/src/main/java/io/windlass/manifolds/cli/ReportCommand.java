package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code windlass report}: prints a running agent's engine report, from its status server.
 *
 * <p>The agent is found through {@code <data-dir>/run/status.url}, which the status server writes
 * when it starts: one line, the server's base URL ({@code http://127.0.0.1:9465/}). {@code --url}
 * names the base URL instead. The command GETs {@code <base>/engine} with {@code Authorization:
 * Bearer <token>} when a token is given: {@code --token}, else the environment variable {@value
 * #TOKEN_VARIABLE} (which keeps it out of the process list), else {@code status.token} from {@code
 * --config}.
 *
 * <p>The report is printed as a table, one row per manifold (state, inputs, start count, last
 * start, error on one line), under a line with the engine's state; or, with {@code --json}, as the
 * JSON the server sent ({@link io.windlass.engine.EngineReport}'s form). Exit 0 when it was
 * printed; 1 with a message when no agent answers (no {@code status.url}, or nothing listening at
 * its URL), the server refuses the token, or answers anything but a report; 2 for bad options.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = {
      "Prints the running agent's engine report: a table of its manifolds, or the JSON with"
          + " --json.",
      "Finds the agent's status server through <data-dir>/run/status.url, or takes --url."
    })
public final class ReportCommand implements Callable<Integer> {

  /** The file, in the agent's socket directory, that holds the status server's base URL. */
  public static final String STATUS_URL_FILE = "status.url";

  /** The environment variable a bearer token is taken from when {@code --token} is not given. */
  public static final String TOKEN_VARIABLE = "WINDLASS_STATUS_TOKEN";

  /** The path, under the base URL, of the engine report. */
  static final String ENGINE_PATH = "engine";

  /** The longest error shown in a table cell; the JSON has it whole. */
  static final int ERROR_WIDTH = 160;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin DataDirOptions location = new DataDirOptions();

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The status server's base URL (e.g. http://127.0.0.1:9465/), instead of the one in"
              + " <data-dir>/run/status.url.")
  @Nullable String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The status server's bearer token (default: the environment variable "
              + TOKEN_VARIABLE
              + ", else status.token from --config).")
  @Nullable String token;

  @Option(names = "--json", description = "Print the report as the JSON the agent sent.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long to wait to connect and for the report (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(10);

  private final Map<String, String> environment;

  /** A command that reads the token from the process environment. */
  public ReportCommand() {
    this(System.getenv());
  }

  /** A command that reads the token from {@code environment}. */
  public ReportCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Why the report could not be fetched; its message is what the user reads. */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be > 0");
    }
    if (url != null && (location.dataDir != null || location.configFile != null)) {
      throw new ParameterException(
          spec.commandLine(), "--url names the agent: give it without --data-dir or --config");
    }
    PrintWriter err = spec.commandLine().getErr();
    String body;
    try {
      URI engine = baseUrl().resolve(ENGINE_PATH);
      body = fetch(engine);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    } catch (Failure e) {
      err.println("report: " + e.getMessage());
      err.flush();
      return 1;
    }
    JsonNode report;
    try {
      report = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      report = null;
    }
    if (report == null || !report.path("manifolds").isObject()) {
      err.println(
          "report: the status server's answer is not an engine report: " + oneLine(body, 200));
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? body.strip() + "\n" : table(report));
    out.flush();
    return 0;
  }

  /** The base URL, ending in '/': {@code --url}, or what {@code status.url} says. */
  private URI baseUrl() throws Failure {
    if (url != null) {
      return checkedBase(url, "--url");
    }
    Path file = location.runFile(STATUS_URL_FILE);
    String line;
    try {
      line = Files.readString(file, UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new Failure(
          "no agent is running: "
              + file
              + " does not exist (the agent's status server writes it when it starts; if the"
              + " status server is off, it cannot be reached)");
    } catch (AccessDeniedException e) {
      throw new Failure(
          "permission denied: "
              + file
              + " (this user, "
              + System.getProperty("user.name", "?")
              + ", may not read it; the agent lets its own user, and the members of the group"
              + " sockets.allowed-gid if set, find it; or give --url)");
    } catch (IOException e) {
      throw new Failure("cannot read " + file + ": " + e.getMessage());
    }
    return checkedBase(line, file.toString());
  }

  private static URI checkedBase(String text, String source) throws Failure {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new Failure(source + ": \"" + abbreviate(text, 100) + "\" is not a URL");
    }
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new Failure(
          source
              + ": \""
              + abbreviate(text, 100)
              + "\" is not an http URL (e.g. http://127.0.0.1:9465/)");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return path.endsWith("/") ? uri : URI.create(text + "/");
  }

  private String fetch(URI engine) throws Failure {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(engine).timeout(timeout).header("Accept", "application/json");
    String bearer = bearerToken();
    if (bearer != null && !bearer.isBlank()) {
      request.header("Authorization", "Bearer " + bearer.strip());
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (HttpTimeoutException e) {
      throw new Failure("no answer from " + engine + " within " + timeout);
    } catch (ConnectException e) {
      throw new Failure(
          "no agent is running: nothing answers at "
              + engine
              + (url == null
                  ? " (" + STATUS_URL_FILE + " is left from an agent that stopped)"
                  : ""));
    } catch (IOException e) {
      throw new Failure("cannot reach " + engine + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while waiting for " + engine);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new Failure(
          "the status server refused the request ("
              + status
              + "): "
              + (bearer == null
                  ? "it needs a token; give it with --token or " + TOKEN_VARIABLE
                  : "check the token given with --token or " + TOKEN_VARIABLE));
    }
    if (status != 200) {
      throw new Failure(
          "the status server answered "
              + status
              + " for "
              + engine
              + (response.body().isBlank() ? "" : ": " + oneLine(response.body(), 200)));
    }
    return response.body();
  }

  /** {@code --token}, else the environment's, else {@code status.token} of {@code --config}. */
  private @Nullable String bearerToken() {
    if (token != null) {
      return token;
    }
    String fromEnvironment = environment.get(TOKEN_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    if (location.configFile != null) {
      return new AgentConfigReader().read(location.configFile).status().token().orElse(null);
    }
    return null;
  }

  /** The report as a header line and an aligned table, one manifold a row. */
  static String table(JsonNode report) {
    StringBuilder out = new StringBuilder();
    JsonNode manifolds = report.path("manifolds");
    out.append("engine ").append(report.path("state").asText("unknown"));
    out.append(", ")
        .append(manifolds.size())
        .append(manifolds.size() == 1 ? " manifold" : " manifolds");
    if (report.hasNonNull("error")) {
      out.append(", error: ").append(oneLine(report.path("error").asText(), ERROR_WIDTH));
    }
    out.append('\n');
    TextTable table =
        new TextTable("MANIFOLD", "STATE", "INPUTS", "STARTS", "STARTED", "ERROR").alignRight(3);
    manifolds
        .properties()
        .forEach(
            entry -> {
              JsonNode m = entry.getValue();
              List<String> inputs = new ArrayList<>();
              m.path("inputs").forEach(input -> inputs.add(input.asText()));
              table.add(
                  entry.getKey(),
                  m.path("state").asText("-"),
                  inputs.isEmpty() ? "-" : String.join(",", inputs),
                  Integer.toString(m.path("start-count").asInt(0)),
                  started(m.path("started").asText("")),
                  oneLine(m.path("error").asText(""), ERROR_WIDTH));
            });
    out.append(table);
    return out.toString();
  }

  /** An ISO-8601 start time to the second, or "-" for none. */
  private static String started(String text) {
    if (text.isEmpty()) {
      return "-";
    }
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** {@code text} on one line, at most {@code width} characters. */
  private static String oneLine(String text, int width) {
    return abbreviate(text.strip().replaceAll("\\s*\\R\\s*", " "), width);
  }

  private static String abbreviate(String text, int width) {
    String line = text.strip();
    return line.length() <= width ? line : line.substring(0, width - 3) + "...";
  }
}
