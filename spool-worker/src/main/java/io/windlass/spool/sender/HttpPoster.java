package io.windlass.spool.sender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * POSTs request bodies to one endpoint with the JDK's HTTP client: the sink's protocol headers, the
 * settings' authentication and extra headers, one deadline ({@link SenderSettings#timeout()}) over
 * connecting, sending and reading the whole answer, and at most {@value #MAX_BODY_BYTES} bytes of
 * the answer's body kept. Redirects are not followed. Thread-safe: requests from several threads
 * are in flight together (the client opens a connection for each and keeps them alive), and {@link
 * #abort()} cancels all of them.
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

  private final HttpClient client;
  private final URI url;
  private final URI shownUrl;
  private final Duration timeout;
  private final String[] headers;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  HttpPoster(SenderSettings settings, Map<String, String> protocolHeaders) {
    this.url = settings.url();
    this.shownUrl = settings.redactedUrl();
    this.timeout = settings.timeout();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
    java.util.List<String> all = new java.util.ArrayList<>();
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
    this.headers = all.toArray(new String[0]);
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
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .headers(headers)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    BoundedBody kept = new BoundedBody();
    CompletableFuture<HttpResponse<Void>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArrayConsumer(kept));
    inFlight.add(future);
    try {
      HttpResponse<Void> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Answered(
          response.statusCode(), response.headers().firstValue("Retry-After"), kept.text());
    } catch (TimeoutException e) {
      future.cancel(true);
      return new NoAnswer("no answer from " + shownUrl + " within " + timeout);
    } catch (CancellationException e) {
      return new NoAnswer("the request to " + shownUrl + " was aborted");
    } catch (ExecutionException e) {
      return new NoAnswer(describe(e.getCause()));
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } finally {
      inFlight.remove(future);
    }
  }

  /** Cancels every request in progress, if any. */
  void abort() {
    for (CompletableFuture<?> request : inFlight) {
      request.cancel(true);
    }
  }

  private String describe(@Nullable Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return "no answer from " + shownUrl + " within " + timeout;
    }
    if (cause instanceof ConnectException) {
      String message = cause.getMessage();
      return "cannot connect to "
          + shownUrl
          + ": "
          + (message == null ? "connection refused" : message);
    }
    if (cause instanceof IOException) {
      return "request to " + shownUrl + " failed: " + message(cause);
    }
    return "request to " + shownUrl + " failed: " + cause;
  }

  private static String message(Throwable cause) {
    String message = cause.getMessage();
    if (message == null && cause.getCause() != null) {
      message = cause.getCause().toString();
    }
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /** "HTTP 500 from <url>: <start of the body>". */
  String describe(Answered answer) {
    String text = WHITESPACE.matcher(answer.body().strip()).replaceAll(" ");
    if (text.length() > MAX_REASON_BODY) {
      text = text.substring(0, MAX_REASON_BODY) + "…";
    }
    return "HTTP " + answer.status() + " from " + shownUrl + (text.isEmpty() ? "" : ": " + text);
  }

  /** Keeps the first {@value #MAX_BODY_BYTES} bytes of a body and drops the rest. */
  private static final class BoundedBody implements Consumer<Optional<byte[]>> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public synchronized void accept(Optional<byte[]> chunk) {
      chunk.ifPresent(
          bytes -> {
            int room = MAX_BODY_BYTES - kept.size();
            if (room > 0) {
              kept.write(bytes, 0, Math.min(room, bytes.length));
            }
          });
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
