package io.windlass.spool.sender;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * POSTs request bodies to one endpoint: the sink's protocol headers, the settings' authentication
 * and extra headers, one deadline ({@link SenderSettings#timeout()}) over connecting, sending and
 * reading the whole answer, and at most {@value #MAX_BODY_BYTES} bytes of the answer's body kept.
 * Redirects are not followed. {@code http://} goes through {@link Http1Transport} (blocking sockets
 * on the posting thread), {@code https://} through the JDK's client ({@link JdkHttpTransport}).
 * Thread-safe: requests from several threads are in flight together, each on a connection of its
 * own kept alive for later ones, and {@link #abort()} cancels all of them.
 */
final class HttpPoster {

  /** How much of an answer's body is kept; the rest is read and dropped. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** How much of an answer's body goes into a reason. */
  static final int MAX_REASON_BODY = 512;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** What a POST came to. */
  sealed interface Result {}

  /**
   * The backend answered.
   *
   * @param status the status code
   * @param retryAfter the {@code Retry-After} header, if any
   * @param body the first {@value #MAX_BODY_BYTES} bytes of the body, as UTF-8
   */
  record Answered(int status, Optional<String> retryAfter, String body) implements Result {}

  /**
   * No answer: the connection failed, the deadline passed, or the request was aborted.
   *
   * @param reason what happened
   */
  record NoAnswer(String reason) implements Result {}

  /** How the sender reads a status code. */
  enum StatusClass {
    /** 2xx. */
    SUCCESS,
    /** 408, 425, 429 and 5xx: try again later. */
    RETRY,
    /** 400, 413 and 422: the request's content is refused for good. */
    CONTENT_REFUSED,
    /** 409: the backend holds conflicting data already (Thanos: out of order or duplicate). */
    ALREADY_PRESENT,
    /**
     * Any other status (other 4xx, 3xx): the backend refuses the sender (credentials, URL,
     * protocol), not the data, so the data is kept and retried.
     */
    SENDER_REFUSED;

    static StatusClass of(int status) {
      if (status >= 200 && status < 300) {
        return SUCCESS;
      }
      if (status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600)) {
        return RETRY;
      }
      if (status == 400 || status == 413 || status == 422) {
        return CONTENT_REFUSED;
      }
      if (status == 409) {
        return ALREADY_PRESENT;
      }
      return SENDER_REFUSED;
    }
  }

  private final URI shownUrl;
  private final HttpTransport transport;

  HttpPoster(SenderSettings settings, Map<String, String> protocolHeaders) {
    this(settings, protocolHeaders, false);
  }

  /**
   * A poster; with {@code jdkClient}, through the JDK's client whatever the scheme (for tests of
   * that transport over plain HTTP).
   */
  HttpPoster(SenderSettings settings, Map<String, String> protocolHeaders, boolean jdkClient) {
    this.shownUrl = settings.redactedUrl();
    List<String> all = new ArrayList<>();
    protocolHeaders.forEach(
        (name, value) -> {
          all.add(name);
          all.add(value);
        });
    all.add("User-Agent");
    all.add(settings.userAgent());
    authorization(settings)
        .ifPresent(
            value -> {
              all.add("Authorization");
              all.add(value);
            });
    settings
        .headers()
        .forEach(
            (name, value) -> {
              all.add(name);
              all.add(value);
            });
    String[] headers = all.toArray(new String[0]);
    URI url = settings.url();
    this.transport =
        jdkClient || !"http".equalsIgnoreCase(url.getScheme())
            ? new JdkHttpTransport(url, shownUrl, settings.timeout(), headers)
            : new Http1Transport(url, shownUrl, settings.timeout(), headers);
  }

  private static Optional<String> authorization(SenderSettings settings) {
    if (settings.bearerToken().isPresent()) {
      return Optional.of("Bearer " + settings.bearerToken().get());
    }
    String userInfo = settings.url().getUserInfo();
    if (userInfo != null) {
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  /** The endpoint without credentials. */
  URI url() {
    return shownUrl;
  }

  /** POSTs {@code body} and waits for the whole answer, at most the timeout. */
  Result post(byte[] body) throws InterruptedException {
    return transport.post(body);
  }

  /** Cancels every request in progress, if any. */
  void abort() {
    transport.abort();
  }

  /** "HTTP 500 from <url>: <start of the body>". */
  String describe(Answered answer) {
    String text = WHITESPACE.matcher(answer.body().strip()).replaceAll(" ");
    if (text.length() > MAX_REASON_BODY) {
      text = text.substring(0, MAX_REASON_BODY) + "…";
    }
    return "HTTP " + answer.status() + " from " + shownUrl + (text.isEmpty() ? "" : ": " + text);
  }
}
