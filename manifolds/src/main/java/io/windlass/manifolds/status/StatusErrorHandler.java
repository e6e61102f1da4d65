package io.windlass.manifolds.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests the HTTP server refuses before any route sees them (a malformed request
 * line, headers past {@code status.max-header-bytes}, a bad {@code Transfer-Encoding}), in plain
 * text like every other answer, and counts them under path {@code other}. The connection is closed
 * after such an answer.
 */
final class StatusErrorHandler implements Request.Handler {
  private final StatusServer.RequestCounters counters;

  StatusErrorHandler(StatusServer.RequestCounters counters) {
    this.counters = counters;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code) {
      status = code;
    }
    String reason =
        request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String message
            ? message
            : HttpStatus.getMessage(status);
    counters.count("other", status);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, StatusResponse.TEXT);
    response.write(
        true,
        ByteBuffer.wrap((text(status, reason) + "\n").getBytes(StandardCharsets.UTF_8)),
        callback);
    return true;
  }

  /** What the client reads: the status, the reason, and what to do instead where it helps. */
  static String text(int status, String reason) {
    String text = status + " " + reason;
    if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
      return text + ": the request line and headers are larger than status.max-header-bytes";
    }
    if (reason.toLowerCase(Locale.ROOT).contains("transfer-encoding")) {
      return text
          + ": a Transfer-Encoding must end in chunked; send a gzipped body with"
          + " Content-Encoding: gzip (Transfer-Encoding: gzip, chunked is decoded too)";
    }
    return text;
  }
}
