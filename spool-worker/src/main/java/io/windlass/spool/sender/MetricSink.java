package io.windlass.spool.sender;

import io.windlass.spool.MetricBatch;
import java.net.URI;
import java.util.List;

/**
 * A backend protocol the {@link SenderWorker} forwards batches over: it encodes batches into
 * requests within its size limits, and sends one request and says what became of each batch in it.
 * The worker drives everything else — reading the spool oldest first, removing, rejecting, backing
 * off, isolating a refused batch — so a sink holds no state between calls but its connection.
 *
 * <p>Implementations: {@link RemoteWriteSink} (Prometheus remote write 1.0) and {@link
 * JsonBatchSink} (a Juju-style JSON batch API). Both are thread-safe; the worker calls them from
 * its one thread.
 */
public interface MetricSink {

  /** The protocol's name in reports: {@code prometheus-remote-write}, {@code json}. */
  String type();

  /** Where it sends, without any credentials. */
  URI url();

  /**
   * Encodes {@code batches}, oldest first, into requests within the sink's limits (metrics and
   * bytes per request). A request holds at least one metric however large, so every batch is
   * carried; whether one batch may be split across requests is the sink's choice.
   */
  SinkEncoding encode(List<MetricBatch> batches);

  /**
   * Sends {@code request} once, within the sink's timeout, and classifies the answer. Never throws
   * for the backend's or the network's failures: they are outcomes.
   *
   * @throws InterruptedException the thread was interrupted while waiting
   */
  SinkResponse send(SinkRequest request) throws InterruptedException;

  /** Gives up a request in progress, if any, so that {@link #send} returns soon. */
  void abort();
}
