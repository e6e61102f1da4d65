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
 * <p><b>Shards.</b> An encoding's requests fall into shards ({@link SinkRequest#shard()}): the
 * worker sends each shard's requests one at a time, in order, and the shards' in parallel. A sink
 * puts into one shard whatever must reach the backend in order (remote write: all the samples of a
 * series), and uses at most {@link SenderSettings#concurrency()} shards.
 *
 * <p>Implementations: {@link RemoteWriteSink} (Prometheus remote write 1.0) and {@link
 * JsonBatchSink} (a Juju-style JSON batch API). Both are thread-safe: the worker encodes on its
 * round thread and sends from several threads at once.
 */
public interface MetricSink {

  /** The protocol's name in reports: {@code prometheus-remote-write}, {@code json}. */
  String type();

  /** Where it sends, without any credentials. */
  URI url();

  /**
   * Encodes {@code batches}, oldest first, into requests within the sink's limits (metrics and
   * bytes per request), in shards. A request holds at least one metric however large, so every
   * batch is carried; whether one batch may be split across requests (and shards) is the sink's
   * choice.
   */
  default SinkEncoding encode(List<MetricBatch> batches) {
    return encode(batches, DeliveredSamples.NONE);
  }

  /**
   * Encodes {@code batches} as {@link #encode(List)} does, but may leave out of each batch, in each
   * shard, the first samples that {@code delivered} counts: the backend has those already. A sink
   * that leaves them out says in each request how many samples of each batch it carries ({@link
   * SinkRequest#samples()}), in the same order, so that the sender can count what is delivered.
   * Every batch is still carried by a request (or unencodable), with nothing to send if nothing is
   * left.
   */
  SinkEncoding encode(List<MetricBatch> batches, DeliveredSamples delivered);

  /**
   * Sends {@code request} once, within the sink's timeout, and classifies the answer. Never throws
   * for the backend's or the network's failures: they are outcomes.
   *
   * @throws InterruptedException the thread was interrupted while waiting
   */
  SinkResponse send(SinkRequest request) throws InterruptedException;

  /**
   * Gives up every request in progress, if any, so that each {@link #send} in progress returns
   * soon.
   */
  void abort();
}
