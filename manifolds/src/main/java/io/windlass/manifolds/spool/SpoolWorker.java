package io.windlass.manifolds.spool;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.DurationText;
import io.windlass.manifolds.config.SpoolSettings;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.manifolds.stats.StatsSlot;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.SpoolStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spool} worker: opens {@code <data-dir>/spool} with the config's bounds when it starts,
 * exposes it as the {@link MetricFactory} (teed into {@link LatestSamples}, so the latest sample of
 * every series recorded is at hand for the status server), and closes it when it stops. Dependents
 * stop before it (the engine stops dependents first), so no recorder or reader outlives the
 * directory.
 *
 * <p>A directory that cannot be opened fails the start; the engine retries with backoff and shows
 * the error as the manifold's.
 */
final class SpoolWorker extends AbstractIdleService implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(SpoolWorker.class);

  private final AgentConfig config;
  private final LatestSamples latest;
  private final AgentStats stats;
  private volatile StatsSlot<SpoolState>.@Nullable Publication published;
  private volatile @Nullable SpoolDirectory directory;
  private volatile @Nullable MetricFactory exposed;

  @Inject
  SpoolWorker(AgentConfig config, LatestSamples latest, AgentStats stats) {
    this.config = config;
    this.latest = latest;
    this.stats = stats;
  }

  /** The spool options the config's {@code spool} section asks for; the rest at the defaults. */
  static SpoolOptions options(SpoolSettings settings) {
    return SpoolOptions.builder()
        .maxBytes(settings.maxBytes().bytes())
        .maxBatchBytes(settings.maxBatchBytes().bytes())
        .maxBatches(Math.toIntExact(settings.maxBatches()))
        .maxAge(settings.maxAge())
        .overflowPolicy(settings.overflow())
        .binaryBatches(settings.binaryBatches())
        .build();
  }

  /** The exposed value: the open spool, teed into {@link LatestSamples}. */
  MetricFactory factory() {
    MetricFactory open = exposed;
    if (open == null) {
      throw new IllegalStateException("the spool worker has not opened its directory");
    }
    return open;
  }

  @Override
  protected void startUp() throws IOException {
    Path path = config.agent().spoolDirectory();
    // The group let use the sockets may read the spool too (windlass spool), as it can
    // reach the agent.
    SpoolOptions options =
        options(config.spool()).toBuilder().sharedGroup(config.sockets().sharedGroup()).build();
    SpoolDirectory opened = SpoolDirectory.open(path, options);
    directory = opened;
    exposed = latest.tee(opened);
    long maxBytes = config.spool().maxBytes().bytes();
    published =
        stats.spool().publish(() -> new SpoolState(opened.path(), opened.stats(), maxBytes));
    log.info(
        "spool {} open: at most {}, {} batches, {} old; when full: {}",
        path,
        config.spool().maxBytes(),
        options.maxBatches(),
        DurationText.format(options.maxAge()),
        options.overflowPolicy());
  }

  @Override
  protected void shutDown() throws IOException {
    StatsSlot<SpoolState>.Publication publication = published;
    if (publication != null) {
      publication.close();
    }
    SpoolDirectory open = directory;
    if (open != null) {
      open.close();
    }
  }

  /**
   * The directory, its size ({@code bytes}, {@code batches}, {@code oldest-batch-age}), what passed
   * through it, its drops and refusals by reason, the entries it quarantined and skipped by problem
   * ({@code quarantined}, {@code skipped}: {@code corrupt}, {@code missing-data}, {@code symlink},
   * {@code not-a-file}, {@code too-large}, {@code unreadable}), and the data files without metadata
   * it removed ({@code orphans-removed}).
   */
  @Override
  public Map<String, Object> report() {
    SpoolDirectory open = directory;
    if (open == null) {
      return Map.of();
    }
    SpoolStats stats = open.stats();
    return ImmutableMap.<String, Object>builder()
        .put("directory", open.path().toString())
        .put("bytes", stats.bytes())
        .put("batches", stats.batches())
        .put(
            "oldest-batch-age",
            DurationText.format(stats.oldestBatchAge().truncatedTo(ChronoUnit.SECONDS)))
        .put("published-batches", stats.publishedBatches())
        .put("published-metrics", stats.publishedMetrics())
        .put("removed-batches", stats.removedBatches())
        .put("dropped", stats.dropped())
        .put("rejected", stats.rejected())
        .put("quarantined", stats.quarantined())
        .put("skipped", stats.skipped())
        .put("orphans-removed", stats.orphansRemoved())
        .build();
  }

  @Override
  protected String serviceName() {
    return "spool";
  }
}
