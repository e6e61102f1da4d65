package io.windlass.manifolds.console;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/console/v1/sender}: where the agent forwards the spool, and how that goes.
 *
 * @param installed whether the agent has a sender (it has one when a sink is configured)
 * @param state the sender manifold's state; null when there is none
 * @param health as in {@link ManifoldsDocument.Node#health()}; null when there is none
 * @param error what the sender's last worker ended with, if anything
 * @param sinkType the sink's type ({@code remote-write}, {@code json}); null when not running
 * @param sink the sink's URL; null when not running
 * @param requests requests sent, answered or not
 * @param failedRequests requests that failed: no answer, or a status other than 2xx
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

  static SenderDocument of(EngineReport report) {
    ManifoldReport manifold = report.manifold(SENDER);
    WorkerReport sender = WorkerReport.of(report, SENDER);
    WorkerReport spool = WorkerReport.of(report, SpoolDocument.SPOOL);
    return new SenderDocument(
        manifold != null,
        manifold == null ? null : manifold.state(),
        manifold == null ? null : ManifoldsDocument.health(manifold),
        manifold == null ? null : manifold.error(),
        sender.text("type").orElse(null),
        sender.text("sink").orElse(null),
        sender.count("requests"),
        sender.count("failed-requests"),
        sender.count("sent-batches"),
        sender.count("sent-metrics"),
        sender.count("already-present-batches"),
        sender.count("rejected-batches"),
        sender.count("rejected-metrics"),
        spool.count("batches"),
        spool.count("bytes"),
        spool.duration("oldest-batch-age").map(d -> d.toSeconds()).orElse(0L),
        sender.text("last-error").orElse(null),
        sender.text("retry-at").orElse(null));
  }
}
