package io.windlass.manifolds.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a {@link StatusResponse} as the HTTP server's response: status, headers, {@code
 * Content-Type} and {@code Content-Length}, the body gzipped when it is {@value #GZIP_MIN_BYTES}
 * bytes or more and the client accepts gzip; for a {@code HEAD}, no body.
 */
final class StatusResponseWriter {
  static final int GZIP_MIN_BYTES = 4096;

  private StatusResponseWriter() {}

  /** Writes {@code answer}, completing {@code callback} once it is sent. */
  static void send(Request request, Response response, Callback callback, StatusResponse answer)
      throws IOException {
    response.setStatus(answer.status());
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    byte[] body = answer.body();
    if (body.length == 0) {
      response.write(true, null, callback);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    if (HttpMethod.HEAD.is(request.getMethod())) {
      // The headers a GET would get (uncompressed), without the body.
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, null, callback);
      return;
    }
    if (body.length >= GZIP_MIN_BYTES && acceptsGzip(request)) {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4);
      try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
        gzip.write(body);
      }
      body = zipped.toByteArray();
      response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static boolean acceptsGzip(Request request) {
    for (String value : request.getHeaders().getValuesList(HttpHeader.ACCEPT_ENCODING)) {
      for (String coding : value.split(",")) {
        String name = coding.trim().toLowerCase(Locale.ROOT);
        int params = name.indexOf(';');
        if (params >= 0) {
          if (name.substring(params).replace(" ", "").equals(";q=0")) {
            continue;
          }
          name = name.substring(0, params).trim();
        }
        if (name.equals("gzip")) {
          return true;
        }
      }
    }
    return false;
  }
}
