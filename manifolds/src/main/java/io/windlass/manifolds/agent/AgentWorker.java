package io.windlass.manifolds.agent;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.inject.Inject;
import io.windlass.engine.BounceException;
import io.windlass.engine.EngineClock;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.config.ConfigProblem;
import io.windlass.manifolds.stats.AgentState;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.StatsSlot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code agent} worker: loads and validates the config when it starts, exposes it, and then
 * watches the file. When the file comes to hold a different valid config the worker ends with a
 * {@link BounceException}, so the engine starts a fresh one, which loads the new config, and
 * bounces every dependent onto it. An invalid new config is logged with all its problems and shown
 * in the report, and the running config stays.
 *
 * <p>An invalid config at start fails the start with the {@link ConfigException}; the engine
 * retries with backoff and shows the problems as the manifold's error. The config's data directory
 * is checked ({@link DataDirectory}) and locked ({@link DataDirectoryLock}) for as long as the
 * worker runs, so a config change to an unusable one, or one another agent uses, is rejected; a
 * start that finds it so (another agent took it meanwhile) fails likewise.
 */
final class AgentWorker extends AbstractExecutionThreadService implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(AgentWorker.class);

  private final AgentOptions options;
  private final AgentConfigReader reader;
  private final ConfigWatchSettings watch;
  private final AgentStats stats;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong checks = new AtomicLong();

  private volatile @Nullable AgentConfig config;
  private volatile @Nullable ConfigFileWatcher watcher;
  private volatile @Nullable DataDirectoryLock dataDirectoryLock;
  private volatile StatsSlot<AgentState>.@Nullable Publication published;

  @Inject
  AgentWorker(
      AgentOptions options, AgentConfigReader reader, ConfigWatchSettings watch, AgentStats stats) {
    this.options = options;
    this.reader = reader;
    this.watch = watch;
    this.stats = stats;
  }

  /** The exposed value: the config this worker loaded. */
  AgentConfig config() {
    AgentConfig loaded = config;
    if (loaded == null) {
      throw new IllegalStateException("the agent worker has not loaded its config");
    }
    return loaded;
  }

  @Override
  protected void startUp() throws UnusableDataDirectoryException {
    published = stats.agent().publish(this::agentState);
    try {
      load();
    } catch (RuntimeException | UnusableDataDirectoryException e) {
      withdraw();
      throw e;
    }
  }

  private void load() throws UnusableDataDirectoryException {
    AgentConfig loaded;
    if (options.configFile().isPresent()) {
      Path file = options.configFile().get();
      byte[] content = AgentConfigReader.readBytes(file);
      loaded = options.applyTo(reader.parse(file.toString(), content));
      watcher = new ConfigFileWatcher(file, reader, options::applyTo, content, loaded);
      log.info("agent {}: config {} loaded", loaded.agent().tag(), file);
    } else {
      loaded = options.applyTo(reader.defaults());
      log.info("agent {}: no config file, running on the defaults", loaded.agent().tag());
    }
    DataDirectory.prepare(loaded);
    dataDirectoryLock = DataDirectoryLock.acquire(loaded.agent().dataDir());
    config = loaded;
    stats.configLoaded(
        options.configFile().map(Path::toString).orElse("(defaults)"), loaded.agent().tag());
  }

  @Override
  protected void shutDown() {
    withdraw();
    DataDirectoryLock lock = dataDirectoryLock;
    if (lock != null) {
      lock.close();
    }
  }

  @Override
  protected void run() throws InterruptedException {
    ConfigFileWatcher files = watcher;
    if (files == null) {
      while (isRunning()) {
        wake.acquire();
      }
      return;
    }
    Path file = options.configFile().orElseThrow();
    while (awaitNextCheck()) {
      ConfigFileWatcher.Outcome outcome = files.poll();
      checks.incrementAndGet();
      if (outcome instanceof ConfigFileWatcher.Changed) {
        log.info("config {} changed: restarting the agent manifold and its dependents", file);
        throw new BounceException("config " + file + " changed");
      } else if (outcome instanceof ConfigFileWatcher.Rejected rejected) {
        log.warn(
            "config {} changed but cannot be used; keeping the running config.\n{}",
            file,
            rejected.problems().getMessage());
        stats.configRejected(
            file.toString(),
            rejected.problems().problems().stream().map(ConfigProblem::toString).toList());
      } else if (outcome instanceof ConfigFileWatcher.Same) {
        log.info("config {} was rewritten with the same settings: nothing to restart", file);
      }
    }
  }

  /** Waits one interval on the watch clock; false if the worker is asked to stop meanwhile. */
  private boolean awaitNextCheck() throws InterruptedException {
    EngineClock.Timer timer = watch.clock().schedule(watch.interval(), wake::release);
    try {
      wake.acquire();
    } finally {
      timer.cancel();
    }
    return isRunning();
  }

  @Override
  protected void triggerShutdown() {
    wake.release();
  }

  private void withdraw() {
    StatsSlot<AgentState>.Publication publication = published;
    if (publication != null) {
      publication.close();
    }
  }

  /** What this worker publishes: its config file, what it loaded, its checks and rejections. */
  private AgentState agentState() {
    AgentConfig loaded = config;
    ConfigFileWatcher files = watcher;
    ConfigException rejected = files == null ? null : files.rejected();
    return new AgentState(
        options.configFile().map(Path::toString).orElse("(defaults)"),
        Optional.ofNullable(loaded).map(c -> c.agent().tag()),
        Optional.ofNullable(loaded).map(c -> c.agent().dataDir()),
        checks.get(),
        rejected == null
            ? List.of()
            : rejected.problems().stream().map(ConfigProblem::toString).toList());
  }

  @Override
  public Map<String, Object> report() {
    ImmutableMap.Builder<String, Object> report = ImmutableMap.builder();
    report.put("config", options.configFile().map(Path::toString).orElse("(defaults)"));
    AgentConfig loaded = config;
    if (loaded != null) {
      report.put("tag", loaded.agent().tag());
      report.put("data-dir", loaded.agent().dataDir().toString());
    }
    ConfigFileWatcher files = watcher;
    if (files != null) {
      report.put("checks", checks.get());
      ConfigException rejected = files.rejected();
      if (rejected != null) {
        report.put("rejected", rejected.problems().stream().map(ConfigProblem::toString).toList());
      }
    }
    return report.build();
  }

  @Override
  protected String serviceName() {
    return "agent";
  }
}
