package io.windlass.spool.sender;

import io.windlass.spool.MetricBatch;
import io.windlass.spool.sender.HttpPoster.Answered;
import io.windlass.spool.sender.HttpPoster.NoAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xerial.snappy.Snappy;

/**
 * Prometheus remote write 1.0: each request is a {@code WriteRequest} ({@link RemoteWriteEncoder}
 * says how batches become series), compressed with snappy's block format, POSTed with {@code
 * Content-Encoding: snappy}, {@code Content-Type: application/x-protobuf} and {@code
 * X-Prometheus-Remote-Write-Version: 0.1.0}. Prometheus (with {@code
 * --web.enable-remote-write-receiver}), VictoriaMetrics, Mimir, Cortex and Thanos receive it.
 *
 * <p><b>Shards.</b> The requests fall into {@link SenderSettings#concurrency()} shards by series,
 * as the encoder says, so that each series' samples go out in order through one shard while the
 * shards' requests are in flight together. {@link #send} may be called from several threads at
 * once; {@link #abort} gives up every request in flight.
 *
 * <p><b>Answers.</b> The answer is the whole request's ({@link SinkResponse#wholeRequest()}):
 *
 * <ul>
 *   <li>2xx: accepted.
 *   <li>5xx, 429, 408, 425, no answer: retryable, honouring {@code Retry-After}.
 *   <li>409, and 400 whose body says a sample is out of order or a duplicate ({@code out of order
 *       sample}, {@code duplicate sample for timestamp}, and Mimir's {@code sample-out-of-order},
 *       {@code duplicate-timestamp}): already present. Prometheus 2.x answers 400 for these (2.42
 *       rolls back the whole request) and VictoriaMetrics 1.79 accepts both with 204; Thanos
 *       answers 409. Such a sample can never be stored, and the backend holds data for that series
 *       at or after that time — most often because the sender delivered it before but did not learn
 *       so (an answer lost to a timeout, a crash before removal) and sent it again. Retrying would
 *       never succeed and moving it aside would report a delivered batch as refused, so it counts
 *       as delivered. This reads the error message, which the specification tells senders not to
 *       interpret; it is read only to choose between two outcomes that are both final.
 *   <li>Any other 400, 413 and 422: rejected for good.
 *   <li>Any other status (401, 403, 404, 3xx…): the backend refuses the sender, not the data:
 *       retryable, so a wrong URL or token never empties the spool into {@code rejected/}.
 * </ul>
 */
public final class RemoteWriteSink implements MetricSink {

  /** The sink's type. */
  public static final String TYPE = "prometheus-remote-write";

  /** The request headers the specification requires, besides {@code User-Agent}. */
  static final Map<String, String> HEADERS =
      Map.of(
          "Content-Encoding", "snappy",
          "Content-Type", "application/x-protobuf",
          "X-Prometheus-Remote-Write-Version", "0.1.0");

  private static final List<String> ALREADY_PRESENT =
      List.of(
          "out of order sample",
          "out-of-order sample",
          "sample-out-of-order",
          "duplicate sample for timestamp",
          "duplicate-timestamp");

  private final RemoteWriteEncoder encoder;
  private final HttpPoster poster;
  private final Clock clock;

  /** A sink sending as {@code settings} say; {@code clock} dates {@code Retry-After}s. */
  public RemoteWriteSink(SenderSettings settings, Clock clock) {
    this.encoder =
        new RemoteWriteEncoder(
            settings.maxRequestMetrics(), settings.maxRequestBytes(), settings.concurrency());
    this.poster = new HttpPoster(settings, HEADERS);
    this.clock = clock;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public URI url() {
    return poster.url();
  }

  @Override
  public SinkEncoding encode(List<MetricBatch> batches, DeliveredSamples delivered) {
    return encoder.encode(batches, delivered, new SnappyBodies());
  }

  /**
   * Snappy's block format, as the specification requires (not the framed format), compressed into
   * one array reused for the requests of one encoding, then copied to its size.
   */
  private static final class SnappyBodies implements RemoteWriteEncoder.BodyFormat {
    private byte[] compressed = new byte[0];

    @Override
    public byte[] body(byte[] message, int length) {
      int room = Snappy.maxCompressedLength(length);
      if (compressed.length < room) {
        compressed = new byte[room];
      }
      try {
        return Arrays.copyOf(compressed, Snappy.compress(message, 0, length, compressed, 0));
      } catch (IOException e) {
        throw new UncheckedIOException("snappy cannot compress", e);
      }
    }
  }

  @Override
  public SinkResponse send(SinkRequest request) throws InterruptedException {
    HttpPoster.Result result = poster.post(request.body());
    if (result instanceof NoAnswer none) {
      return SinkResponse.whole(
          request, new SendOutcome.Retryable(none.reason()), Optional.of(none.reason()));
    }
    Answered answer = (Answered) result;
    String described = poster.describe(answer);
    SendOutcome outcome =
        switch (HttpPoster.StatusClass.of(answer.status())) {
          case SUCCESS -> SendOutcome.ACCEPTED;
          case RETRY -> new SendOutcome.Retryable(described, retryAfter(answer));
          case ALREADY_PRESENT -> new SendOutcome.AlreadyPresent(described);
          case CONTENT_REFUSED ->
              answer.status() == 400 && saysAlreadyPresent(answer.body())
                  ? new SendOutcome.AlreadyPresent(described)
                  : new SendOutcome.Rejected(described);
          case SENDER_REFUSED ->
              new SendOutcome.Retryable(
                  described
                      + " (the backend refuses the sender: check the sink's url and"
                      + " credentials)",
                  retryAfter(answer));
        };
    Optional<String> failure =
        outcome instanceof SendOutcome.Accepted || outcome instanceof SendOutcome.AlreadyPresent
            ? Optional.empty()
            : Optional.of(described);
    return SinkResponse.whole(request, outcome, failure);
  }

  private Optional<java.time.Duration> retryAfter(Answered answer) {
    return answer.retryAfter().flatMap(header -> RetryAfter.parse(header, clock.instant()));
  }

  /** Whether a 400's body names an out-of-order or duplicate sample. */
  static boolean saysAlreadyPresent(String body) {
    String lower = body.toLowerCase(Locale.ROOT);
    return ALREADY_PRESENT.stream().anyMatch(lower::contains);
  }

  @Override
  public void abort() {
    poster.abort();
  }

  @Override
  public String toString() {
    return TYPE + " sink to " + url();
  }
}
