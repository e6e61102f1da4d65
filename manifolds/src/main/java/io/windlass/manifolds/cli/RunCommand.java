package io.windlass.manifolds.cli;

import com.google.common.util.concurrent.Service.State;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineModule;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.collector.CollectorManifoldModule;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.demo.DemoManifoldModule;
import io.windlass.manifolds.demo.DemoSettings;
import io.windlass.manifolds.report.ReportManifoldModule;
import io.windlass.manifolds.report.ReportPrinter;
import io.windlass.manifolds.report.ReportSchedule;
import io.windlass.manifolds.sockets.SocketManifoldModule;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.manifolds.status.StatusManifoldModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
 *   <li>{@code collect-socket}, {@code send-socket} and {@code ingest-socket} serve {@code
 *       collect.sock}, {@code send.sock} and {@code ingest.sock} in {@code <data-dir>/run/};
 *   <li>{@code status} serves {@code /healthz}, {@code /engine}, {@code /metrics} and pushed
 *       metrics on {@code status.listen} (127.0.0.1:9465 by default), and {@code http-ingest}
 *       stores the pushes into the spool;
 *   <li>{@code reporter} prints the engine report every {@code --report-interval};
 *   <li>with {@code --demo}, the demo manifolds of {@link DemoManifoldModule}.
 * </ul>
 *
 * <p>A {@code --config} file is checked before the engine starts: if it has problems they are
 * printed on standard error and the command exits 1 at once, as {@code check-config} would. Once
 * running, an invalid edit of the file is logged and the running config kept.
 *
 * <p>Standard output carries the engine report as JSON Lines: once when every manifold has started
 * (or {@link #START_TIMEOUT} has passed), every {@code --report-interval} from the {@code reporter}
 * manifold, and once more after the engine has stopped.
 *
 * <p>Exit code 0 when the engine stopped cleanly, 1 when the config is invalid, the engine failed
 * or it did not stop within its stop timeout, 2 for bad options. On SIGTERM or SIGINT a shutdown
 * hook stops the engine and waits up to its stop timeout; the JVM then exits with its usual status
 * for the signal (143 or 130).
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

  /** How long the shutdown hook lets the run print its final report after the engine stopped. */
  private static final Duration FINAL_REPORT_GRACE = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(
      names = "--report-interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "How often to print the engine report (default: ${DEFAULT-VALUE}).")
  Duration reportInterval = Duration.ofSeconds(5);

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
      names = "--demo",
      description =
          "Also run the demo manifolds (ticker, heartbeat), which show the engine at work.")
  boolean demo;

  @Override
  public Integer call() {
    requirePositive("--report-interval", reportInterval);
    if (runFor != null) {
      requirePositive("--for", runFor);
    }
    if (configFile != null) {
      try {
        new AgentConfigReader().read(configFile);
      } catch (ConfigException e) {
        spec.commandLine().getErr().println(e.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
    }
    ReportPrinter printer = new ReportPrinter(spec.commandLine().getOut());
    Engine engine = Guice.createInjector(modules(printer)).getInstance(Engine.class);
    return run(engine, printer);
  }

  /** The engine and the manifolds the options ask for. */
  private List<Module> modules(ReportPrinter printer) {
    List<Module> modules = new ArrayList<>();
    modules.add(new EngineModule());
    modules.add(new AgentManifoldModule(AgentOptions.of(configFile, dataDir)));
    modules.add(new SpoolManifoldModule());
    modules.add(new CollectorManifoldModule());
    modules.add(new SocketManifoldModule());
    modules.add(new StatusManifoldModule());
    modules.add(new ReportManifoldModule(new ReportSchedule(reportInterval), printer));
    if (demo) {
      modules.add(new DemoManifoldModule(DemoSettings.defaults()));
    }
    return modules;
  }

  private int run(Engine engine, ReportPrinter printer) {
    Duration stopTimeout = engine.config().stopTimeout();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(() -> stopOnSignal(engine, stopTimeout, finished), "windlass-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      engine.startAsync();
      awaitStarted(engine);
      printer.print(engine.report());
      awaitEnd(engine);
      boolean stopped = stop(engine, stopTimeout);
      printer.print(engine.report());
      if (engine.state() == State.FAILED) {
        log.error("engine failed", engine.failureCause());
        return 1;
      }
      return stopped ? 0 : 1;
    } finally {
      finished.countDown();
      removeShutdownHook(hook);
    }
  }

  /** Waits for the engine to run and every manifold to start, as long as that is possible. */
  private static void awaitStarted(Engine engine) {
    try {
      engine.awaitRunning();
      engine.awaitHealthy(START_TIMEOUT);
      log.info("engine started: {}", engine.report().manifolds().keySet());
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

  private void requirePositive(String option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '" + option + "': must be > 0");
    }
  }
}
