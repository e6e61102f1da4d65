package io.windlass.spool.sender;

/**
 * How {@link HttpPoster} carries a POST to its endpoint and brings back the answer: {@link
 * Http1Transport} for {@code http://}, {@link JdkHttpTransport} for {@code https://}. Thread-safe:
 * requests from several threads are in flight together.
 */
sealed interface HttpTransport permits Http1Transport, JdkHttpTransport {

  /** POSTs {@code body} and waits for the whole answer, at most the poster's timeout. */
  HttpPoster.Result post(byte[] body) throws InterruptedException;

  /** Cancels every request in progress, if any: each ends as {@link HttpPoster.NoAnswer}. */
  void abort();

  /** What a failure to reach the endpoint, or of the exchange, says. */
  static String message(Throwable cause) {
    String message = cause.getMessage();
    if (message == null && cause.getCause() != null) {
      message = cause.getCause().toString();
    }
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
