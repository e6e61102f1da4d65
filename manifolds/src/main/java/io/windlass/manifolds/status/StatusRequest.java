package io.windlass.manifolds.status;

import io.windlass.spool.ingest.format.PushParsers;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A request as a route of the status server sees it: method, path, query, headers and a body
 * stream, independent of the HTTP server that received it.
 */
final class StatusRequest {

  /**
   * The request's {@code Content-Encoding} or {@code Transfer-Encoding} is not one the server
   * decodes: {@link #status()} is 415 for a content coding, 501 for a transfer coding.
   */
  static final class UnsupportedEncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    UnsupportedEncodingException(int status, String message) {
      super(message);
      this.status = status;
    }

    UnsupportedEncodingException(String message) {
      this(415, message);
    }

    /** The answer's status. */
    int status() {
      return status;
    }
  }

  /** The request's headers. */
  @FunctionalInterface
  interface Headers {
    /** The first value of the header named {@code name} (any case), or null. */
    @Nullable String first(String name);
  }

  private final String method;
  private final String path;
  private final String subpath;
  private final @Nullable String rawQuery;
  private final Headers headers;
  private final InputStream body;
  private final long maxBodyBytes;

  /**
   * @param path the path, not decoded
   * @param subpath what follows the prefix of a prefix route ({@link RouteTable}), not decoded;
   *     empty for an exact path
   * @param rawQuery the query, not decoded; null for none
   * @param body the body as sent (without the chunked framing), limited to {@code maxBodyBytes} by
   *     the caller
   * @param maxBodyBytes the limit on the decoded body too
   */
  StatusRequest(
      String method,
      String path,
      String subpath,
      @Nullable String rawQuery,
      Headers headers,
      InputStream body,
      long maxBodyBytes) {
    this.method = method;
    this.path = path;
    this.subpath = subpath;
    this.rawQuery = rawQuery;
    this.headers = headers;
    this.body = body;
    this.maxBodyBytes = maxBodyBytes;
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  /** What follows the route's prefix, not decoded; empty for an exact path. */
  String subpath() {
    return subpath;
  }

  /** The first value of a request header, or null. */
  @Nullable String header(String name) {
    return headers.first(name);
  }

  /** The first value of a query parameter (URL-decoded), or null. */
  @Nullable String queryParameter(String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
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
   * The body as sent (without the chunked framing), not decoded, read through the body limit: for a
   * route that decodes a {@code Content-Encoding} of its own (remote write's snappy).
   */
  InputStream sentBody() {
    return body;
  }

  /** The body limit, as sent and as decoded. */
  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * The body, decoded per {@code Transfer-Encoding} ({@code gzip} before the final {@code chunked})
   * and {@code Content-Encoding} ({@code gzip}, or none), read through the body limit both as sent
   * and as decoded: past it, reads throw {@link BodyTooLargeException}.
   *
   * @throws UnsupportedEncodingException for any other coding
   * @throws IOException if the gzip header cannot be read
   */
  InputStream body() throws IOException {
    List<String> codings = new ArrayList<>();
    String transfer = header("Transfer-Encoding");
    if (transfer != null) {
      for (String coding : codings(transfer)) {
        switch (coding) {
          case "chunked" -> {}
          case "gzip", "x-gzip" -> codings.add("gzip");
          default ->
              throw new UnsupportedEncodingException(
                  501,
                  "Transfer-Encoding \""
                      + transfer
                      + "\" is not supported; send Content-Encoding: gzip, or no encoding");
        }
      }
    }
    String content = header("Content-Encoding");
    if (content != null) {
      for (String coding : codings(content)) {
        switch (coding) {
          case "identity" -> {}
          case "gzip", "x-gzip" -> codings.add("gzip");
          default ->
              throw new UnsupportedEncodingException(
                  "Content-Encoding \"" + content + "\" is not supported; send gzip or none");
        }
      }
    }
    InputStream decoded = body;
    for (int i = 0; i < codings.size(); i++) {
      decoded =
          new LimitedInputStream(
              new GZIPInputStream(decoded, PushParsers.BUFFER_BYTES),
              maxBodyBytes,
              "decoded request body");
    }
    return decoded;
  }

  private static List<String> codings(String header) {
    List<String> codings = new ArrayList<>();
    for (String coding : header.split(",")) {
      String name = coding.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        codings.add(name);
      }
    }
    return codings;
  }
}
