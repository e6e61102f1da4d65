package io.windlass.manifolds.status;

import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushOutcome;
import io.windlass.spool.ingest.remotewrite.RemoteWriteRequest;
import io.windlass.spool.ingest.remotewrite.RemoteWriteVersion;
import java.util.Locale;

/**
 * {@code POST /api/v1/write} (and {@code /prometheus/api/v1/write}): Prometheus remote write 1.0
 * and 2.0 received, as the specifications ask of a receiver:
 *
 * <ul>
 *   <li>the {@code Content-Type} says which message the body holds ({@link RemoteWriteVersion});
 *       any other gets {@code 415} naming those taken;
 *   <li>the body is snappy's block format: {@code Content-Encoding: snappy}, or none (taken as
 *       snappy, as Prometheus' own receiver does for 1.0 senders that leave it out); any other
 *       coding gets {@code 415}, and a {@code Transfer-Encoding} other than {@code chunked} {@code
 *       501};
 *   <li>every answer to a request that was read carries {@code X-Prometheus-Remote-Write-
 *       Samples-Written}, {@code -Histograms-Written} and {@code -Exemplars-Written}: the samples
 *       stored ({@code 0} unless the answer is {@code 204}, since a request is all or nothing), and
 *       always {@code 0} histograms (refused) and exemplars (left out).
 * </ul>
 *
 * The compressed body is bounded by {@code status.max-body-bytes} as every body is, and so is the
 * message it decodes to ({@code 413} past it, checked before decoding). Otherwise answered as the
 * text pushes are: {@code 204} once durable, {@code 400} with a message naming the series, {@code
 * 503}/{@code 507} with {@code Retry-After}.
 */
final class RemoteWriteRoute {
  static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
  static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
  static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

  /** The paths: Prometheus' receiver's, and the one behind a {@code /prometheus} prefix. */
  static final String PATH = "/api/v1/write";

  static final String PREFIXED_PATH = "/prometheus/api/v1/write";

  private final IngestSlot ingest;

  RemoteWriteRoute(IngestSlot ingest) {
    this.ingest = ingest;
  }

  StatusResponse handle(StatusRequest request) {
    RemoteWriteVersion version = RemoteWriteVersion.ofContentType(request.header("Content-Type"));
    if (version == null) {
      String sent = request.header("Content-Type");
      return StatusResponse.text(
          415,
          (sent == null ? "no Content-Type" : "Content-Type \"" + sent + "\" is not supported")
              + ": "
              + RemoteWriteVersion.SUPPORTED);
    }
    String encoding = request.header("Content-Encoding");
    if (encoding != null && !encoding.strip().toLowerCase(Locale.ROOT).equals("snappy")) {
      return StatusResponse.text(
          415,
          "Content-Encoding \""
              + encoding
              + "\" is not supported: remote write bodies are snappy block-compressed; send"
              + " Content-Encoding: snappy");
    }
    String transfer = request.header("Transfer-Encoding");
    if (transfer != null && !transfer.strip().equalsIgnoreCase("chunked")) {
      return StatusResponse.text(
          501,
          "Transfer-Encoding \""
              + transfer
              + "\" is not supported; send the body as is, or chunked");
    }
    HttpIngest current = ingest.current();
    if (current == null || !current.enter()) {
      return withCounts(
          StatusResponse.text(503, "not stored: the spool is not open")
              .withHeader("Retry-After", Integer.toString(StatusRoutes.RETRY_AFTER_SECONDS)),
          0);
    }
    try {
      PushOutcome outcome =
          current.push(
              version.format(),
              new RemoteWriteRequest(version, request.sentBody(), request.maxBodyBytes()));
      StatusResponse answer =
          switch (outcome.status()) {
            case PushOutcome.STORED -> StatusResponse.noContent();
            case PushOutcome.UNAVAILABLE, PushOutcome.INSUFFICIENT_STORAGE ->
                StatusResponse.text(outcome.status(), outcome.message())
                    .withHeader("Retry-After", Integer.toString(StatusRoutes.RETRY_AFTER_SECONDS));
            default -> StatusResponse.text(outcome.status(), outcome.message());
          };
      return withCounts(answer, outcome.isStored() ? outcome.samples() : 0);
    } finally {
      current.exit();
    }
  }

  private static StatusResponse withCounts(StatusResponse answer, long samples) {
    return answer
        .withHeader(SAMPLES_WRITTEN, Long.toString(samples))
        .withHeader(HISTOGRAMS_WRITTEN, "0")
        .withHeader(EXEMPLARS_WRITTEN, "0");
  }
}
