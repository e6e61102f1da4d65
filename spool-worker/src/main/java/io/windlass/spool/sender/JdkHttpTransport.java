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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's HTTP client ({@code java.net.http}, HTTP/1.1, redirects not followed), for {@code
 * https://} endpoints: TLS with the JDK's trust store and host name checks. The client opens a
 * connection for each request in flight and keeps them alive.
 */
final class JdkHttpTransport implements HttpTransport {
  private final HttpClient client;
  private final URI url;
  private final URI shownUrl;
  private final Duration timeout;
  private final String[] headers;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * POSTs to {@code url} with {@code headers} (name, value, name, value, ...).
   *
   * @param shownUrl the URL as errors show it, without credentials
   */
  JdkHttpTransport(URI url, URI shownUrl, Duration timeout, String[] headers) {
    this.url = url;
    this.shownUrl = shownUrl;
    this.timeout = timeout;
    this.headers = headers.clone();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public HttpPoster.Result post(byte[] body) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .headers(headers)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    BoundedBody kept = new BoundedBody();
    AtomicReference<HttpResponse.@Nullable ResponseInfo> head = new AtomicReference<>();
    CompletableFuture<HttpResponse<Void>> future =
        client.sendAsync(
            request,
            info -> {
              head.set(info);
              return HttpResponse.BodySubscribers.ofByteArrayConsumer(kept);
            });
    inFlight.add(future);
    try {
      HttpResponse<Void> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new HttpPoster.Answered(
          response.statusCode(), response.headers().firstValue("Retry-After"), kept.text());
    } catch (TimeoutException e) {
      future.cancel(true);
      return successCutShort(head.get(), kept)
          .orElseGet(
              () -> new HttpPoster.NoAnswer("no answer from " + shownUrl + " within " + timeout));
    } catch (CancellationException e) {
      return successCutShort(head.get(), kept)
          .orElseGet(() -> new HttpPoster.NoAnswer("the request to " + shownUrl + " was aborted"));
    } catch (ExecutionException e) {
      return successCutShort(head.get(), kept)
          .orElseGet(() -> new HttpPoster.NoAnswer(describe(e.getCause())));
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } finally {
      inFlight.remove(future);
    }
  }

  /**
   * A success whose status line and headers arrived but whose body was then cut: the backend has
   * the request (see {@link Http1Transport}).
   */
  private static Optional<HttpPoster.Result> successCutShort(
      HttpResponse.@Nullable ResponseInfo head, BoundedBody kept) {
    if (head == null || head.statusCode() < 200 || head.statusCode() >= 300) {
      return Optional.empty();
    }
    return Optional.of(
        new HttpPoster.Answered(
            head.statusCode(), head.headers().firstValue("Retry-After"), kept.text()));
  }

  @Override
  public void abort() {
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
      return "request to " + shownUrl + " failed: " + HttpTransport.message(cause);
    }
    return "request to " + shownUrl + " failed: " + cause;
  }

  /** Keeps the first {@value HttpPoster#MAX_BODY_BYTES} bytes of a body and drops the rest. */
  private static final class BoundedBody implements Consumer<Optional<byte[]>> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public synchronized void accept(Optional<byte[]> chunk) {
      chunk.ifPresent(
          bytes -> {
            int room = HttpPoster.MAX_BODY_BYTES - kept.size();
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
