package io.windlass.manifolds.status;

import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.otlp.OtlpReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code POST /v1/metrics}: OTLP/HTTP metrics ({@code application/x-protobuf} or {@code
 * application/json}, gzip or not) into the spool through an {@link OtlpReceiver}, which says what
 * each answer means; {@code 503} and {@code 507} carry {@code Retry-After: }{@value
 * StatusRoutes#RETRY_AFTER_SECONDS}.
 */
final class OtlpRoute {
  private final IngestSlot ingest;
  private final OtlpReceiver receiver = new OtlpReceiver();

  OtlpRoute(IngestSlot ingest) {
    this.ingest = ingest;
  }

  /** The path it serves. */
  static String path() {
    return PushFormat.OTLP.path();
  }

  StatusResponse push(StatusRequest request) throws IOException {
    String contentType = request.header("Content-Type");
    if (!OtlpReceiver.isSupported(contentType)) {
      return response(OtlpReceiver.unsupportedMediaType(contentType));
    }
    HttpIngest current = ingest.current();
    if (current == null || !current.enter()) {
      return StatusResponse.text(503, "not stored: the spool is not open")
          .withHeader("Retry-After", Integer.toString(StatusRoutes.RETRY_AFTER_SECONDS));
    }
    try {
      InputStream body;
      try {
        body = request.body();
      } catch (StatusRequest.UnsupportedEncodingException e) {
        throw e;
      } catch (BodyTooLargeException e) {
        return StatusResponse.text(413, e.getMessage());
      } catch (IOException e) {
        return StatusResponse.text(400, "the request body could not be read: " + e.getMessage());
      }
      return response(receiver.receive(current, contentType, body));
    } finally {
      current.exit();
    }
  }

  private static StatusResponse response(OtlpReceiver.Answer answer) {
    StatusResponse response =
        new StatusResponse(answer.status(), answer.contentType(), answer.body(), Map.of());
    return answer.retryLater()
        ? response.withHeader("Retry-After", Integer.toString(StatusRoutes.RETRY_AFTER_SECONDS))
        : response;
  }
}
