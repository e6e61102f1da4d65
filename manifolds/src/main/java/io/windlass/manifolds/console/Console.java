package io.windlass.manifolds.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.windlass.engine.EngineReport;
import io.windlass.engine.EngineReporter;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.SpoolState;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: pages a person reads to see what the agent is doing, and the JSON documents they
 * read. One per application injector, so the spool's history outlives restarts of the status
 * server; the status server routes to it ({@link #PAGES}, {@value #ASSETS}{@code *}, {@value
 * #API}{@code *}, {@value #LOGIN}, {@value #LOGOUT}). Thread-safe.
 *
 * <p>The documents are built from the engine report (manifold states, the graph) and the workers'
 * typed stats ({@link AgentStats}), never from workers' report maps by key, so renaming a report
 * field cannot silently break the console. While sampling ({@link #startSampling()}), it notes the
 * spool's size every {@link SpoolHistory#step()} from the spool's stats, for the spool page's
 * chart.
 */
@Singleton
public final class Console {
  private static final Logger log = LoggerFactory.getLogger(Console.class);

  /** The JSON documents' prefix; what follows is the document's name. */
  public static final String API = "/api/console/v1/";

  /** The static files' prefix; what follows is the file's name. */
  public static final String ASSETS = "/console/assets/";

  /** The login form. */
  public static final String LOGIN = "/login";

  /** Clears the login cookie. */
  public static final String LOGOUT = "/logout";

  /** The pages, by path: each is the same page, which shows the part its path names. */
  public static final List<String> PAGES =
      List.of("/", "/console/manifolds", "/console/spool", "/console/sender", "/console/targets");

  /** The JSON documents, by name under {@value #API}. */
  public static final List<String> DOCUMENTS =
      List.of("overview", "manifolds", "spool", "sender", "targets");

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /** What every page and document is sent with. */
  private static final Map<String, String> PAGE_HEADERS =
      Map.of(
          "Cache-Control", "no-cache",
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "no-referrer",
          "Content-Security-Policy",
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                  + " connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
                  + " base-uri 'none'");

  private final EngineReporter engine;
  private final LatestSamples latest;
  private final AgentStats stats;
  private final String version;
  private final Clock clock;
  private final Instant startedAt;
  private final SpoolHistory history;
  private final SpoolSideEntries side;
  private final ConsoleAssets assets = new ConsoleAssets();
  private final Object samplingLock = new Object();
  private @Nullable ScheduledExecutorService sampler; // guarded by samplingLock

  @Inject
  Console(EngineReporter engine, LatestSamples latest, AgentStats stats) {
    this(
        engine,
        latest,
        stats,
        Objects.requireNonNullElse(Console.class.getPackage().getImplementationVersion(), "dev"),
        Clock.systemUTC(),
        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
  }

  /**
   * @param engine the engine's report: manifold states and the graph
   * @param latest the latest samples: the targets' last runs
   * @param stats the workers' typed stats: everything else
   * @param version the agent's version
   * @param clock the time of documents, of the spool's history and of the spool's side entries kept
   *     for a while ({@link SpoolSideEntries})
   * @param startedAt when the agent started
   */
  public Console(
      EngineReporter engine,
      LatestSamples latest,
      AgentStats stats,
      String version,
      Clock clock,
      Instant startedAt) {
    this.engine = engine;
    this.latest = latest;
    this.stats = stats;
    this.version = version;
    this.clock = clock;
    this.startedAt = startedAt;
    this.history = new SpoolHistory(clock);
    this.side = new SpoolSideEntries(clock);
  }

  /** The spool's history. */
  public SpoolHistory history() {
    return history;
  }

  /** Whether {@code path} is one of the {@link #PAGES}. */
  public static boolean isPage(String path) {
    return PAGES.contains(path);
  }

  /** Whether {@code path} is open to a browser without the token: the login form and the assets. */
  public static boolean isOpen(String path) {
    return path.equals(LOGIN) || path.equals(LOGOUT) || path.startsWith(ASSETS);
  }

  /** A page: {@code 200} with the page for one of {@link #PAGES}, else {@code 404}. */
  public ConsoleResponse page(String path) {
    if (!isPage(path)) {
      return ConsoleResponse.text(404, "not found: " + path);
    }
    return html(Objects.requireNonNull(assets.get("console.html")).bytes());
  }

  /** The login form ({@code GET /login}); it posts the token ({@link #signIn}). */
  public ConsoleResponse loginForm() {
    return html(Objects.requireNonNull(assets.get("login.html")).bytes());
  }

  /**
   * The login form's post ({@code POST /login}), {@code form} its body, of {@code contentType},
   * read up to {@link ConsoleLogin#MAX_FORM_BYTES}. {@code login} checks the token: a right one is
   * answered {@code 303} to {@code /} with the cookie, a wrong or missing one {@code 401} with the
   * form, saying so ({@link ConsoleLogin#signIn}). {@code login} is null when the status server
   * requires no token ({@code status.token}): then there is nothing to sign in to, and the post is
   * answered {@code 303} to {@code /} rather than called wrong.
   */
  public ConsoleResponse signIn(
      @Nullable String contentType, byte[] form, @Nullable ConsoleLogin login) {
    if (login == null) {
      return ConsoleResponse.redirect("/").withHeader("Cache-Control", "no-store");
    }
    return login.signIn(contentType, form, refusedForm());
  }

  /** The login form saying the token given is not this agent's: {@code 401}. */
  private ConsoleResponse refusedForm() {
    byte[] form = Objects.requireNonNull(assets.get("login.html")).bytes();
    String refused =
        new String(form, StandardCharsets.UTF_8)
            .replace(
                "<!-- refused -->",
                "<p class=\"refused\" id=\"refused\">That is not this agent's token.</p>");
    ConsoleResponse page = html(refused.getBytes(StandardCharsets.UTF_8));
    return new ConsoleResponse(401, page.contentType(), page.body(), page.headers());
  }

  /** Clears the login cookie and goes to the login form. */
  public ConsoleResponse logout() {
    return ConsoleResponse.redirect(LOGIN)
        .withHeader("Set-Cookie", ConsoleLogin.clearCookie())
        .withHeader("Cache-Control", "no-store");
  }

  /** A static file by name (what follows {@value #ASSETS}). */
  public ConsoleResponse asset(String name, @Nullable String ifNoneMatch) {
    return assets.serve(name, ifNoneMatch);
  }

  /** A JSON document by name (what follows {@value #API}), or {@code 404}. */
  public ConsoleResponse document(String name) {
    Object document;
    EngineReport report = engine.report();
    Instant now = clock.instant();
    switch (name) {
      case "overview" -> document = OverviewDocument.of(report, stats, version, startedAt, now);
      case "manifolds" -> document = ManifoldsDocument.of(report, stats);
      case "spool" -> {
        Optional<SpoolState> spool = stats.spool().read();
        SpoolDocument.sample(spool, history);
        document =
            SpoolDocument.of(
                report,
                spool,
                history,
                side.of(spool.map(s -> s.directory().toString()).orElse(null)));
      }
      case "sender" ->
          document = SenderDocument.of(report, stats.sender().read(), stats.spool().read());
      case "targets" -> document = TargetsDocument.of(report, stats.inputs().read(), latest, now);
      default -> {
        return ConsoleResponse.text(
            404, "not found: " + API + name + "; documents: " + String.join(", ", DOCUMENTS));
      }
    }
    try {
      return new ConsoleResponse(
              200, ConsoleResponse.JSON, JSON.writeValueAsBytes(document), Map.of())
          .withHeader("Cache-Control", "no-store")
          .withHeader("X-Content-Type-Options", "nosniff");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the " + name + " document", e);
    }
  }

  /** Notes the spool's size now in its history, if the spool is open. */
  public void sampleSpool() {
    SpoolDocument.sample(stats.spool().read(), history);
  }

  /** Samples the spool every {@link SpoolHistory#step()} until {@link #stopSampling()}. */
  public void startSampling() {
    synchronized (samplingLock) {
      if (sampler != null) {
        return;
      }
      ScheduledExecutorService started =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "windlass-console-sampler");
                thread.setDaemon(true);
                return thread;
              });
      long step = history.step().toMillis();
      started.scheduleWithFixedDelay(
          () -> {
            try {
              sampleSpool();
            } catch (RuntimeException e) {
              log.warn("console: cannot sample the spool: {}", e.toString());
            }
          },
          0,
          step,
          TimeUnit.MILLISECONDS);
      sampler = started;
    }
  }

  /** Stops sampling. */
  public void stopSampling() {
    synchronized (samplingLock) {
      if (sampler != null) {
        sampler.shutdownNow();
        sampler = null;
      }
    }
  }

  private static ConsoleResponse html(byte[] bytes) {
    ConsoleResponse page = new ConsoleResponse(200, "text/html; charset=utf-8", bytes, Map.of());
    for (Map.Entry<String, String> header : PAGE_HEADERS.entrySet()) {
      page = page.withHeader(header.getKey(), header.getValue());
    }
    return page;
  }
}
