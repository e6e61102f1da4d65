package io.windlass.manifolds.status;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/** A request as a route of the status server sees it. */
final class StatusRequest {

  /** The request's {@code Content-Encoding} is not one the server decodes: 415. */
  static final class UnsupportedEncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsupportedEncodingException(String message) {
      super(message);
    }
  }

  private final HttpExchange exchange;
  private final LimitedInputStream body;
  private final long maxBodyBytes;

  StatusRequest(HttpExchange exchange, LimitedInputStream body, long maxBodyBytes) {
    this.exchange = exchange;
    this.body = body;
    this.maxBodyBytes = maxBodyBytes;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getRawPath();
  }

  /** The first value of a request header, or null. */
  @Nullable String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The first value of a query parameter (URL-decoded), or null. */
  @Nullable String queryParameter(String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * The body, decoded per {@code Content-Encoding} ({@code gzip}, or none), read through the body
   * limit both as sent and as decoded: past it, reads throw {@link BodyTooLargeException}.
   *
   * @throws UnsupportedEncodingException for any other encoding
   * @throws IOException if the gzip header cannot be read
   */
  InputStream body() throws IOException {
    String encoding = header("Content-Encoding");
    if (encoding == null) {
      return body;
    }
    switch (encoding.trim().toLowerCase(Locale.ROOT)) {
      case "", "identity":
        return body;
      case "gzip", "x-gzip":
        return new LimitedInputStream(
            new GZIPInputStream(body, PushParsers.BUFFER_BYTES),
            maxBodyBytes,
            "decoded request body");
      default:
        throw new UnsupportedEncodingException(
            "Content-Encoding \"" + encoding + "\" is not supported; send gzip or none");
    }
  }
}
