package io.windlass.manifolds.console;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.spool.SpoolStats;
import io.windlass.spool.sender.SenderStats;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/console/v1/sender}: where the agent forwards the spool, and how that goes. The
 * manifold's state comes from the engine report; the rest from the sender's and the spool's typed
 * stats ({@code SenderStats}, {@code SpoolStats}).
 *
 * @param installed whether the agent has a sender (it has one when a sink is configured)
 * @param state the sender manifold's state; null when there is none
 * @param health as in {@link ManifoldsDocument.Node#health()}; null when there is none
 * @param error what the sender's last worker ended with, if anything
 * @param sinkType the sink's protocol ({@code prometheus-remote-write}, {@code json}); null when
 *     not running
 * @param sink the sink's URL; null when not running
 * @param requests requests sent, answered or not
 * @param failedRequests requests that failed: no answer, or a status other than 2xx
 * @param requestsInFlight requests sent and not yet answered now, at most {@code sink.concurrency}
 * @param sentBatches batches the backend has
 * @param sentMetrics metrics in those batches
 * @param alreadyPresentBatches of those, batches the backend said it already had
 * @param rejectedBatches batches refused for good, moved to {@code rejected/}
 * @param rejectedMetrics metrics in those batches
 * @param backlogBatches batches in the spool, waiting to be sent
 * @param backlogBytes their bytes
 * @param oldestBatchAgeSeconds how long the oldest of them has waited
 * @param lastError the latest failure or rejection since the sender started, if any
 * @param retryAt when the sender tries again after failures, ISO-8601; null when it is not backing
 *     off
 */
record SenderDocument(
    boolean installed,
    @Nullable String state,
    @Nullable String health,
    @Nullable String error,
    @Nullable String sinkType,
    @Nullable String sink,
    long requests,
    long failedRequests,
    long requestsInFlight,
    long sentBatches,
    long sentMetrics,
    long alreadyPresentBatches,
    long rejectedBatches,
    long rejectedMetrics,
    long backlogBatches,
    long backlogBytes,
    long oldestBatchAgeSeconds,
    @Nullable String lastError,
    @Nullable String retryAt) {

  /** The sender's manifold. */
  static final String SENDER = "sender";

  static SenderDocument of(
      EngineReport report, Optional<SenderState> running, Optional<SpoolState> open) {
    ManifoldReport manifold = report.manifold(SENDER);
    SenderStats sender = running.map(SenderState::stats).orElse(null);
    SpoolStats spool = open.map(SpoolState::stats).orElse(null);
    return new SenderDocument(
        manifold != null,
        manifold == null ? null : manifold.state(),
        manifold == null ? null : ManifoldsDocument.health(manifold),
        manifold == null ? null : manifold.error(),
        running.map(SenderState::type).orElse(null),
        running.map(SenderState::sink).orElse(null),
        sender == null ? 0 : sender.requests(),
        sender == null ? 0 : sender.failedRequests(),
        sender == null ? 0 : sender.requestsInFlight(),
        sender == null ? 0 : sender.sentBatches(),
        sender == null ? 0 : sender.sentMetrics(),
        sender == null ? 0 : sender.alreadyPresentBatches(),
        sender == null ? 0 : sender.rejectedBatches(),
        sender == null ? 0 : sender.rejectedMetrics(),
        spool == null ? 0 : spool.batches(),
        spool == null ? 0 : spool.bytes(),
        spool == null ? 0 : spool.oldestBatchAge().toSeconds(),
        sender == null ? null : sender.lastError().orElse(null),
        sender == null ? null : sender.retryAt().map(Object::toString).orElse(null));
  }
}
