package io.windlass.spool.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.DecodedPush;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/HTTP metrics receiver ({@code POST /v1/metrics}), server-neutral: reads a request body
 * in the encoding its content type names, translates its points ({@link OtlpTranslator}) and stores
 * them through {@link HttpIngest#push(PushFormat, io.windlass.spool.ingest.http.DecodedPush)}, all
 * the points it takes or none. The answer, as OTLP/HTTP says:
 *
 * <ul>
 *   <li>{@code 200} with an {@code ExportMetricsServiceResponse} in the request's encoding, once
 *       every point taken is durable in the spool; with {@code partial_success} (how many points
 *       were refused, and why) when some were;
 *   <li>{@code 400} (a {@code google.rpc.Status} in the request's encoding) for a body that is not
 *       such a request, or a point the spool refuses past the translator's checks; nothing kept;
 *   <li>{@code 413} for a body past the server's limit or more than {@link #maxDataPoints()} data
 *       points; nothing kept;
 *   <li>{@code 415} for a content type other than {@code application/x-protobuf} and {@code
 *       application/json};
 *   <li>{@code 503} (retry later: the spool refuses or is not open, or too many pushes at once),
 *       {@code 507} (the spool's disk is full), {@code 500}, as the other pushes; nothing kept.
 * </ul>
 *
 * <p>Memory: a body is read whole (it is at most the server's body limit) and parsed before the
 * request waits for its turn to store; the number of data points is bounded.
 */
public final class OtlpReceiver {

  /** The most data points in one request by default. */
  public static final int MAX_DATA_POINTS = 100_000;

  /** gRPC status codes in a {@code google.rpc.Status}. */
  private static final int INVALID_ARGUMENT = 3;

  private static final int RESOURCE_EXHAUSTED = 8;
  private static final int INTERNAL = 13;
  private static final int UNAVAILABLE = 14;

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param contentType the body's media type
   * @param body the body
   * @param retryLater whether the client should retry after a while ({@code 503}, {@code 507})
   * @param samples samples stored
   */
  public record Answer(
      int status, String contentType, byte[] body, boolean retryLater, long samples) {}

  private final int maxDataPoints;

  /** Takes at most {@value #MAX_DATA_POINTS} data points per request. */
  public OtlpReceiver() {
    this(MAX_DATA_POINTS);
  }

  /** Takes at most {@code maxDataPoints} data points per request. */
  public OtlpReceiver(int maxDataPoints) {
    if (maxDataPoints < 1) {
      throw new IllegalArgumentException("maxDataPoints " + maxDataPoints + " must be >= 1");
    }
    this.maxDataPoints = maxDataPoints;
  }

  /** The most data points in one request. */
  public int maxDataPoints() {
    return maxDataPoints;
  }

  /** Whether {@code contentType} (null if none) names an encoding this receiver reads. */
  public static boolean isSupported(@Nullable String contentType) {
    return OtlpEncoding.of(contentType) != null;
  }

  /** The answer to a request whose content type this receiver does not read: {@code 415}. */
  public static Answer unsupportedMediaType(@Nullable String contentType) {
    return text(
        415,
        "Content-Type "
            + (contentType == null ? "(none)" : "\"" + contentType + "\"")
            + " is not supported; send application/x-protobuf or application/json");
  }

  /**
   * Receives one request.
   *
   * @param contentType the request's {@code Content-Type}, or null if it has none
   * @param body the body, decoded ({@code Content-Encoding}) and limited to the body limit by the
   *     caller, which throws {@link BodyTooLargeException} past it
   */
  public Answer receive(HttpIngest ingest, @Nullable String contentType, InputStream body) {
    OtlpEncoding encoding = OtlpEncoding.of(contentType);
    if (encoding == null) {
      return unsupportedMediaType(contentType);
    }
    byte[] bytes;
    try {
      bytes = body.readAllBytes();
    } catch (BodyTooLargeException e) {
      return failure(encoding, 413, RESOURCE_EXHAUSTED, e.getMessage());
    } catch (IOException e) {
      return failure(
          encoding, 400, INVALID_ARGUMENT, "the request body could not be read: " + e.getMessage());
    }
    ExportMetricsServiceRequest request;
    try {
      request = encoding.parse(bytes);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return failure(
          encoding,
          400,
          INVALID_ARGUMENT,
          "the body is not an OTLP ExportMetricsServiceRequest in "
              + encoding.mediaType()
              + ": "
              + e.getMessage());
    }
    long points = OtlpTranslator.dataPoints(request);
    if (points > maxDataPoints) {
      return failure(
          encoding,
          413,
          RESOURCE_EXHAUSTED,
          "the request holds "
              + points
              + " data points; the limit is "
              + maxDataPoints
              + ": send them in smaller requests");
    }
    AtomicReference<OtlpTranslator.@Nullable Result> result = new AtomicReference<>();
    PushOutcome outcome =
        ingest.push(
            PushFormat.OTLP,
            (sink, declared, now, timeBounds) -> {
              OtlpTranslator.Result translated =
                  OtlpTranslator.translate(request, sink, declared, now, timeBounds);
              result.set(translated);
              return DecodedPush.Dropped.refused(translated.rejectedPoints());
            });
    OtlpTranslator.Result translated = result.get();
    if (outcome.isStored() && translated != null) {
      return new Answer(
          200,
          encoding.mediaType(),
          encoding.response(translated.rejectedPoints(), translated.errorMessage()),
          false,
          outcome.samples());
    }
    return switch (outcome.status()) {
      case PushOutcome.BAD_REQUEST -> failure(encoding, 400, INVALID_ARGUMENT, outcome.message());
      case PushOutcome.UNAVAILABLE, PushOutcome.INSUFFICIENT_STORAGE ->
          retryLater(
              failure(
                  encoding,
                  outcome.status(),
                  outcome.status() == PushOutcome.UNAVAILABLE ? UNAVAILABLE : RESOURCE_EXHAUSTED,
                  outcome.message()));
      default -> failure(encoding, outcome.status(), INTERNAL, outcome.message());
    };
  }

  private static Answer failure(OtlpEncoding encoding, int status, int code, String message) {
    return new Answer(status, encoding.mediaType(), encoding.status(code, message), false, 0);
  }

  private static Answer retryLater(Answer answer) {
    return new Answer(answer.status(), answer.contentType(), answer.body(), true, 0);
  }

  private static Answer text(int status, String message) {
    return new Answer(
        status,
        "text/plain; charset=utf-8",
        (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        false,
        0);
  }
}
