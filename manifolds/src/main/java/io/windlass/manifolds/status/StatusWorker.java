package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractService;
import com.google.inject.Inject;
import io.windlass.engine.EngineReporter;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.StatusSettings;
import io.windlass.manifolds.console.Console;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.StatsSlot;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code status} worker: serves the status server ({@link StatusServer}, {@link StatusRoutes})
 * on the config's {@code status.listen} while it runs, and names it in {@code
 * <data-dir>/run/status.url} ({@link StatusUrlFile}). It injects the config, the engine (as {@link
 * EngineReporter}), {@link LatestSamples}, the {@link IngestSlot} and the web {@link Console}
 * (which samples the spool while the server runs); only the config is a manifold's, so its one
 * input is {@code agent}, and it keeps serving {@code /healthz} whatever else is down.
 *
 * <p>With {@code status.enabled: false} it completes at once, serving nothing. An address that
 * cannot be bound fails the start, and the engine retries. If {@code status.url} cannot be written,
 * the server still runs, and the worker's report says why.
 */
final class StatusWorker extends AbstractService implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(StatusWorker.class);

  private final AgentConfig config;
  private final StatusRoutes routes;
  private final StatusServer.Options options;
  private final StatusServer.RequestCounters counters;
  private final StatusUrlFile urlFile;
  private final AgentStats stats;
  private volatile StatsSlot<String>.@Nullable Publication published;
  private final Console console;
  private volatile @Nullable StatusServer server;
  private volatile @Nullable String urlFileError;

  @Inject
  StatusWorker(
      AgentConfig config,
      EngineReporter engine,
      LatestSamples latest,
      IngestSlot ingest,
      StatusServer.Options options,
      StatusServer.RequestCounters counters,
      AgentStats stats,
      Console console) {
    this.config = config;
    this.stats = stats;
    this.console = console;
    this.routes =
        new StatusRoutes(engine, latest, ingest, counters, stats, console, config.status().token());
    this.options = options;
    this.counters = counters;
    this.urlFile =
        new StatusUrlFile(config.agent().socketDirectory(), config.sockets().sharedGroup());
  }

  @Override
  protected void doStart() {
    StatusSettings settings = config.status();
    if (!settings.enabled()) {
      log.info("status server disabled (status.enabled: false)");
      notifyStarted();
      notifyStopped();
      return;
    }
    StatusServer started;
    try {
      started =
          StatusServer.start(
              settings.listen(),
              settings.token(),
              settings.maxBodyBytes().bytes(),
              routes.endpoints(),
              settings.limits(),
              options,
              counters);
    } catch (BindException e) {
      notifyFailed(
          new IOException(
              "status server cannot listen on " + text(settings.listen()) + ": " + e.getMessage(),
              e));
      return;
    } catch (IOException | RuntimeException e) {
      notifyFailed(e);
      return;
    }
    server = started;
    try {
      urlFile.write(started.url());
    } catch (IOException | RuntimeException e) {
      urlFileError = "cannot write " + urlFile.path() + ": " + e;
      log.warn("status server: {}", urlFileError);
    }
    String url = started.url();
    published = stats.statusUrl().publish(() -> url);
    log.info("status server on {}", url);
    console.startSampling();
    notifyStarted();
  }

  @Override
  protected void doStop() {
    StatsSlot<String>.Publication publication = published;
    if (publication != null) {
      publication.close();
    }
    console.stopSampling();
    StatusServer running = server;
    if (running == null) {
      notifyStopped();
      return;
    }
    Thread stopping =
        new Thread(
            () -> {
              try {
                if (urlFileError == null) {
                  urlFile.delete(running.url());
                }
              } catch (IOException | RuntimeException e) {
                log.warn("status server: cannot remove {}: {}", urlFile.path(), e.toString());
              }
              try {
                running.close();
                notifyStopped();
              } catch (RuntimeException e) {
                notifyFailed(e);
              }
            },
            "windlass-status-stop");
    stopping.setDaemon(true);
    stopping.start();
  }

  private static String text(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Its URL and the requests in progress; or that it is disabled. */
  @Override
  public Map<String, Object> report() {
    StatusServer running = server;
    if (running == null) {
      return config.status().enabled() ? Map.of() : Map.of("enabled", false);
    }
    ImmutableMap.Builder<String, Object> report =
        ImmutableMap.<String, Object>builder()
            .put("url", running.url())
            .put("requests-in-progress", running.activeRequests())
            .put("connections", running.connections())
            .put("header-timeouts", running.deadlines().headerTimeouts())
            .put("body-timeouts", running.deadlines().bodyTimeouts());
    String error = urlFileError;
    if (error != null) {
      report.put("url-file-error", error);
    }
    return report.buildOrThrow();
  }

  @Override
  public String toString() {
    return "status [" + state() + "]";
  }
}
