package io.windlass.manifolds.cli;

import com.google.common.util.concurrent.Service.State;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.windlass.engine.Engine;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.agent.DataDirectory;
import io.windlass.manifolds.agent.DataDirectoryLock;
import io.windlass.manifolds.agent.SnappyLibraryDirectory;
import io.windlass.manifolds.agent.UnusableDataDirectoryException;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.config.SinkSettings;
import io.windlass.manifolds.config.SinkType;
import io.windlass.manifolds.demo.DemoManifoldModule;
import io.windlass.manifolds.report.ReportFormat;
import io.windlass.manifolds.report.ReportPrinter;
import io.windlass.manifolds.report.ReportSchedule;
import io.windlass.manifolds.report.StartLines;
import io.windlass.manifolds.report.Terminal;
import io.windlass.manifolds.sockets.SocketDirectory;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.status.StatusServerWarmUp;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code windlass run}: runs the agent's engine in the foreground until {@code --for} has passed,
 * the engine ends by itself, or the process gets SIGTERM or SIGINT. Its manifolds:
 *
 * <ul>
 *   <li>{@code agent} loads the config ({@code --config}, or the defaults; {@code --data-dir}
 *       overrides its data directory) and reloads it when the file changes;
 *   <li>{@code spool} opens {@code <data-dir>/spool} and exposes it to collectors and senders;
 *   <li>{@code collector} runs the config's {@code inputs} (by default the host inputs every 10s)
 *       into the spool;
 *   <li>{@code sender} forwards the spool to the config's {@code sink} ({@code --sink} and {@code
 *       --sink-type} override its URL and type), if it names one;
 *   <li>{@code collect-socket}, {@code send-socket} and {@code ingest-socket} serve {@code
 *       collect.sock}, {@code send.sock} and {@code ingest.sock} in {@code <data-dir>/run/};
 *   <li>{@code status} serves {@code /healthz}, {@code /engine}, {@code /metrics} and pushed
 *       metrics on {@code status.listen} (127.0.0.1:9465 by default; {@code --listen} overrides
 *       it), and {@code http-ingest} stores the pushes into the spool;
 *   <li>{@code reporter} prints notable events and, every {@code --report-interval} if one is set,
 *       a one-line summary;
 *   <li>with {@code --demo}, the demo manifolds of {@link DemoManifoldModule}, at the config's
 *       {@code demo} settings;
 *   <li>the extra manifold modules the config's {@code modules} list names, and those jars on the
 *       class path provide (unless {@code --no-service-modules}); see {@link ExtraModules}.
 * </ul>
 *
 * <p>{@link AgentModules} lists these modules for {@code run} and {@code graph} alike.
 *
 * <p>A {@code --config} file is checked before the engine starts: if it has problems, or an extra
 * module cannot be loaded, or the manifold graph is invalid, every problem is printed on standard
 * error and the command exits 1 at once, as {@code check-config} would. Once running, an invalid
 * edit of the file is logged and the running config kept.
 *
 * <p>So is the data directory ({@link DataDirectory}): one that cannot be used (not a directory,
 * another user's, not writable, open to others' links, too deep for the sockets) or that another
 * agent runs on ({@link DataDirectoryLock}) ends the command at once with one sentence on standard
 * error and exit 1.
 *
 * <p>Standard output is for a person, and quiet: once every manifold has started (or {@link
 * #START_TIMEOUT} has passed) a few lines say what runs, where the data is and the console's URL
 * ({@link StartLines}); then one line per notable event (a config reloaded or kept out, the sink
 * going down or up, the spool nearing its bound), a one-line summary every {@code
 * --report-interval} if one is set (none by default: {@code 0s}), and one line when the agent has
 * stopped. The logs go to standard error. With {@code --report-format json} standard output carries
 * the engine report as JSON Lines instead, for a program: once at start, every {@code
 * --report-interval} if set, and once more after the engine has stopped. The report is always on
 * the status server's {@code /engine} and from {@code windlass report --json}.
 *
 * <p>Exit code 0 when the engine stopped cleanly, 1 when the config is invalid, the data directory
 * unusable or in use, the engine failed or it did not stop within its stop timeout, 2 for bad
 * options. On SIGTERM or SIGINT a shutdown hook stops the engine and waits up to its stop timeout;
 * the JVM then exits with its usual status for the signal (143 or 130).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description =
        "Runs the agent in the foreground: it loads and watches the config, opens the spool"
            + " under the data directory, collects the configured inputs into it and serves"
            + " the agent's sockets there.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  /** How long to wait for every manifold to start before printing the first report anyway. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long to wait, once every manifold has started, for the engine to note the workers that end
   * as they start (the sender without a sink), so that the start lines count what runs.
   */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(1);

  /** How long the shutdown hook lets the run print its final report after the engine stopped. */
  private static final Duration FINAL_REPORT_GRACE = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(
      names = "--report-interval",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Print a one-line summary (samples in and out, spool, backlog, sink) this often; 0s, the"
              + " default, prints none.")
  Duration reportInterval = Duration.ZERO;

  @Option(
      names = "--report-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = ReportFormatConverter.class,
      description =
          "text (the default): a few lines for a person; json: the engine report as JSON Lines at"
              + " start, every --report-interval and at exit, for a program.")
  ReportFormat reportFormat = ReportFormat.TEXT;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Serve the status server (console, /metrics, pushes) on this address; overrides"
              + " status.listen from the config. Port 0 picks a free one.")
  @Nullable String listen;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Stop this long after the engine has started. Without it, run until SIGTERM or SIGINT.")
  @Nullable Duration runFor;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The agent config (YAML), watched for changes. Without it the agent runs on the"
              + " defaults.")
  @Nullable Path configFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the agent keeps its data; overrides agent.data-dir from the config.")
  @Nullable Path dataDir;

  @Option(
      names = "--sink",
      paramLabel = "URL",
      description =
          "Forward the spool to this http or https URL; overrides sink.url from the config.")
  @Nullable String sinkUrl;

  @Option(
      names = "--sink-type",
      paramLabel = "TYPE",
      description =
          "The protocol for --sink: prometheus-remote-write (the default) or json; overrides"
              + " sink.type from the config.")
  @Nullable String sinkType;

  @Option(
      names = "--demo",
      description =
          "Also run the demo manifolds (ticker, heartbeat), which show the engine at work; the"
              + " config's demo section sets their pace and makes ticker fail (demo.fail-every).")
  boolean demo;

  @Option(
      names = "--no-service-modules",
      description =
          "Do not install the manifold modules that jars on the class path name in "
              + ExtraModules.SERVICE_FILE
              + "; those the config names are installed still.")
  boolean noServiceModules;

  @Override
  public Integer call() {
    if (reportInterval.isNegative()) {
      throw invalid("--report-interval", "must be >= 0");
    }
    if (runFor != null) {
      requirePositive("--for", runFor);
    }
    AgentOptions options = agentOptions();
    PrintWriter err = spec.commandLine().getErr();
    List<Module> extra;
    try {
      extra = AgentModules.extra(configFile, !noServiceModules);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
    AgentConfig config;
    try {
      config = effectiveConfig(options);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
    if (config.status().enabled()) {
      // Jetty's classes initialize on another thread while this one builds the injector and the
      // engine starts the manifolds the status manifold waits for.
      StatusServerWarmUp.start();
    }
    DataDirectoryLock startLock;
    try {
      startLock = claimDataDirectory(config);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    } catch (UnusableDataDirectoryException e) {
      err.println("windlass run: " + e.getMessage());
      err.flush();
      return 1;
    }
    SnappyLibraryDirectory snappy = snappyLibraryDirectory(config);
    try (startLock;
        snappy) {
      ReportPrinter printer = new ReportPrinter(spec.commandLine().getOut());
      Terminal terminal = new Terminal(spec.commandLine().getOut());
      Engine engine;
      AgentStats stats;
      try {
        Injector injector =
            AgentModules.injector(
                AgentModules.of(
                    options,
                    new ReportSchedule(reportInterval, reportFormat),
                    terminal,
                    printer,
                    demo ? config.demo() : null,
                    extra));
        engine = injector.getInstance(Engine.class);
        stats = injector.getInstance(AgentStats.class);
      } catch (CreationException e) {
        err.println("cannot build the agent: " + e.getMessage());
        err.flush();
        return 1;
      }
      return run(
          engine, reportFormat == ReportFormat.JSON ? printer : null, terminal, stats, config);
    }
  }

  /**
   * Has snappy-java extract its native library into the data directory's {@code run/}, removing
   * those killed agents left there ({@link SnappyLibraryDirectory}); null, with a warning, if that
   * directory cannot be prepared (the socket manifolds then report why).
   */
  private static @Nullable SnappyLibraryDirectory snappyLibraryDirectory(AgentConfig config) {
    Path run = config.agent().socketDirectory();
    try {
      SocketDirectory.prepare(run, config.sockets().sharedGroup());
      SnappyLibraryDirectory snappy = SnappyLibraryDirectory.use(run);
      if (snappy.removed() > 0) {
        log.info(
            "removed {} native snappy libraries that earlier agents left in {}",
            snappy.removed(),
            run);
      }
      return snappy;
    } catch (IOException e) {
      log.warn("snappy's native library is extracted to the temporary folder: {}", e.toString());
      return null;
    }
  }

  /**
   * The config the agent starts on: the file's (or the defaults), with the command line's
   * overrides.
   *
   * @throws ConfigException the file has problems
   * @throws ParameterException an override the config cannot take ({@code --listen})
   */
  private AgentConfig effectiveConfig(AgentOptions options) {
    AgentConfigReader reader = new AgentConfigReader();
    AgentConfig read = configFile == null ? reader.defaults() : reader.read(configFile);
    try {
      return options.applyTo(read);
    } catch (IllegalArgumentException e) {
      throw invalid("--listen", e.getMessage());
    }
  }

  /**
   * Checks the data directory the config names ({@link DataDirectory}) and locks it for this
   * process ({@link DataDirectoryLock}), so that an unusable directory, or one another agent runs
   * on, stops the command at once with one sentence instead of failing manifolds over and over. The
   * hold lasts as long as the command runs, so the directory is never unlocked while the {@code
   * agent} manifold restarts on a config change (it takes its own hold for the directory of each
   * config it loads; a directory the config moves the agent away from stays locked until the
   * command ends).
   */
  private static DataDirectoryLock claimDataDirectory(AgentConfig config)
      throws UnusableDataDirectoryException {
    DataDirectory.prepare(config);
    return DataDirectoryLock.acquire(config.agent().dataDir());
  }

  /** The agent manifold's options: the config file, and what the command line overrides. */
  private AgentOptions agentOptions() {
    AgentOptions options = AgentOptions.of(configFile, dataDir);
    if (listen != null) {
      options = options.withListen(listenAddress(listen));
    }
    if (sinkUrl == null) {
      if (sinkType != null) {
        throw new ParameterException(spec.commandLine(), "--sink-type needs --sink URL");
      }
      return options;
    }
    SinkType type;
    try {
      type = sinkType == null ? SinkSettings.DEFAULT_TYPE : SinkType.ofLabel(sinkType);
    } catch (IllegalArgumentException e) {
      throw invalid("--sink-type", e.getMessage());
    }
    URI url;
    try {
      url = SinkSettings.checkUrl(new URI(sinkUrl));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw invalid("--sink", e.getMessage());
    }
    return options.withSink(type, url);
  }

  /** {@code text} as a listen address, or a clear error naming {@code --listen}. */
  private InetSocketAddress listenAddress(String text) {
    try {
      return AgentConfigReader.listenAddress(text.strip());
    } catch (IllegalArgumentException e) {
      throw invalid("--listen", e.getMessage());
    }
  }

  /**
   * Runs the engine until it ends; with a {@code printer} (JSON) prints the engine report at start
   * and at exit, else the start lines and a last line on the {@code terminal}.
   */
  private int run(
      Engine engine,
      @Nullable ReportPrinter printer,
      Terminal terminal,
      AgentStats stats,
      AgentConfig config) {
    Duration stopTimeout = engine.config().stopTimeout();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(() -> stopOnSignal(engine, stopTimeout, finished), "windlass-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      engine.startAsync();
      awaitStarted(engine);
      if (printer != null) {
        printer.print(engine.report());
      } else {
        startLines(engine, stats, config).forEach(terminal::line);
      }
      awaitEnd(engine);
      boolean stopped = stop(engine, stopTimeout);
      if (printer != null) {
        printer.print(engine.report());
      }
      if (engine.state() == State.FAILED) {
        log.error("engine failed", engine.failureCause());
        if (printer == null) {
          terminal.line("stopped: the engine failed: " + engine.failureCause().getMessage());
        }
        return 1;
      }
      if (printer == null) {
        terminal.line(stopped ? "stopped" : "stopped: the engine did not stop within its timeout");
      }
      return stopped ? 0 : 1;
    } finally {
      finished.countDown();
      removeShutdownHook(hook);
    }
  }

  private static List<String> startLines(Engine engine, AgentStats stats, AgentConfig config) {
    Optional<String> url = stats.statusUrl().read();
    String console =
        url.orElse(
            config.status().enabled()
                ? "not serving yet on " + config.status().listen() + " (see the status manifold)"
                : "off (status.enabled: false)");
    return StartLines.of(
        WindlassVersion.version(),
        stats.configs().tag().isEmpty() ? config.agent().tag() : stats.configs().tag(),
        engine.report(),
        config.agent().dataDir(),
        console,
        stats
            .sender()
            .read()
            .map(sender -> sender.sink() + " (" + sender.type() + ")")
            .or(
                () ->
                    config.sink().enabled()
                        ? Optional.of("not sending yet (see the sender manifold)")
                        : Optional.empty()));
  }

  /** Waits for the engine to run and every manifold to start, as long as that is possible. */
  private static void awaitStarted(Engine engine) {
    try {
      engine.awaitRunning();
      engine.awaitHealthy(START_TIMEOUT);
      engine.awaitQuiescence(SETTLE_TIMEOUT);
      log.info("engine started: {}", engine.report().manifolds().keySet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      log.warn("not every manifold started within {}; running anyway", START_TIMEOUT);
    } catch (IllegalStateException e) {
      log.error("engine did not start: {}", e.getMessage());
    }
  }

  /** Returns when {@code --for} has passed or the engine has ended (by itself or on a signal). */
  private void awaitEnd(Engine engine) {
    try {
      if (runFor == null) {
        engine.awaitTerminated();
      } else {
        engine.awaitTerminated(runFor);
      }
    } catch (TimeoutException e) {
      log.info("stopping the engine after {}", runFor);
    } catch (IllegalStateException e) {
      // The engine failed; run() reports it.
    }
  }

  /** Stops the engine; false if it did not stop within {@code timeout}. */
  private static boolean stop(Engine engine, Duration timeout) {
    engine.stopAsync();
    try {
      engine.awaitTerminated(timeout);
    } catch (TimeoutException e) {
      log.error("engine did not stop within {}", timeout);
      return false;
    } catch (IllegalStateException e) {
      // The engine failed; run() reports it.
    }
    return true;
  }

  /**
   * The shutdown hook: stops the engine, then gives the run a moment to print its final report
   * before the JVM halts.
   */
  private static void stopOnSignal(Engine engine, Duration stopTimeout, CountDownLatch finished) {
    if (engine.isRunning()) {
      log.info("shutting down: stopping the engine (up to {})", stopTimeout);
    }
    if (!stop(engine, stopTimeout)) {
      return;
    }
    try {
      finished.await(FINAL_REPORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and the hook is running; it ends on its own.
    }
  }

  private ParameterException invalid(String option, String problem) {
    return new ParameterException(
        spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
  }

  /** Reads {@code text} or {@code json}, in any case. */
  static final class ReportFormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a report format: write text or json");
      }
    }
  }

  private void requirePositive(String option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '" + option + "': must be > 0");
    }
  }
}
