package io.windlass.spool.sender;

import com.google.common.collect.ImmutableMap;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a sender sends: where, how often, how much per request, and how it backs off. Validated when
 * built; all problems are reported at once.
 *
 * @param url the backend's endpoint, http or https; user information in it ({@code
 *     http://user:pass@host/…}) is sent as basic authentication and never reported
 * @param interval how often the sender runs when not triggered (default 10 s)
 * @param jitter up to how much is added at random to each interval (default 1 s)
 * @param timeout the longest one request may take, connecting included (default 10 s)
 * @param maxRequestMetrics the most metrics (samples) in one request (default 10,000)
 * @param maxRequestBytes the most bytes in one request body before compression (default 4 MiB)
 * @param concurrency how many requests may be in flight at once (default {@value
 *     #DEFAULT_CONCURRENCY}, from 1 to {@value #MAX_CONCURRENCY}): the sender sends through this
 *     many shards, each series (remote write) or batch (JSON) always through the same one, each
 *     shard's requests one at a time and in order; 1 sends one request at a time
 * @param sendFullRequestsAtOnce whether a full request's worth ({@code maxRequestMetrics}) of newly
 *     spooled metrics starts a round at once rather than at the next interval (default true; false
 *     leaves rounds to the interval and to {@link SenderWorker#sendNow()})
 * @param backoff the waits after retryable failures (default 1 s doubling to 5 min, ±10 %)
 * @param bearerToken sent as {@code Authorization: Bearer <token>}, if present
 * @param headers extra request headers; none of {@link #RESERVED_HEADERS}
 * @param userAgent the {@code User-Agent} header (default {@value #DEFAULT_USER_AGENT})
 * @param progressJournal the file in which the sender keeps what the backend has of each batch
 *     still spooled, so that after a crash only what was in flight is sent again; without one that
 *     is kept in memory, and a restart sends partly delivered batches whole (default none)
 */
public record SenderSettings(
    URI url,
    Duration interval,
    Duration jitter,
    Duration timeout,
    int maxRequestMetrics,
    long maxRequestBytes,
    int concurrency,
    boolean sendFullRequestsAtOnce,
    BackoffPolicy backoff,
    Optional<String> bearerToken,
    Map<String, String> headers,
    String userAgent,
    Optional<Path> progressJournal) {

  /** The {@code User-Agent} unless another is given. */
  public static final String DEFAULT_USER_AGENT = "windlass-sender";

  /** The {@code concurrency} unless another is given. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** The largest {@code concurrency}. */
  public static final int MAX_CONCURRENCY = 64;

  /**
   * Headers the sender sets itself, which {@code headers} may not override (lower case): those the
   * remote write specification reserves, those the JDK's HTTP client manages, and {@code
   * Authorization}, which {@code bearerToken} or the URL sets.
   */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "connection",
          "content-encoding",
          "content-length",
          "content-type",
          "expect",
          "host",
          "upgrade",
          "user-agent",
          "x-prometheus-remote-write-version");

  /**
   * What is wrong with sending the extra header {@code name: value}, if anything: a name that is
   * not an HTTP token, one of {@link #RESERVED_HEADERS}, or a control character in the value.
   */
  public static Optional<String> headerProblem(String name, String value) {
    if (name.isEmpty() || !name.chars().allMatch(Http1Transport::isTokenChar)) {
      return Optional.of("is not a valid HTTP header name");
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("is set by the sender and cannot be configured");
    }
    if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F)) {
      return Optional.of("has a control character in its value");
    }
    return Optional.empty();
  }

  /** Checks every field and reports all problems at once. */
  public SenderSettings {
    List<String> problems = new ArrayList<>();
    if (url == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null) {
      problems.add("url " + url + " must be an http or https URL with a host");
    }
    positive(problems, "interval", interval);
    if (jitter == null || jitter.isNegative()) {
      problems.add("jitter " + jitter + " must be >= 0");
    }
    positive(problems, "timeout", timeout);
    if (maxRequestMetrics <= 0) {
      problems.add("maxRequestMetrics " + maxRequestMetrics + " must be > 0");
    }
    if (maxRequestBytes <= 0) {
      problems.add("maxRequestBytes " + maxRequestBytes + " must be > 0");
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      problems.add("concurrency " + concurrency + " must be from 1 to " + MAX_CONCURRENCY);
    }
    if (backoff == null
        || bearerToken == null
        || headers == null
        || userAgent == null
        || progressJournal == null) {
      problems.add("backoff, bearerToken, headers and userAgent must not be null");
    } else {
      headers.forEach(
          (name, value) -> {
            if (name == null || value == null) {
              problems.add("headers must not hold null names or values");
            } else {
              headerProblem(name, value)
                  .ifPresent(problem -> problems.add("header \"" + name + "\" " + problem));
            }
          });
      headers = ImmutableMap.copyOf(headers);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid sender settings: " + String.join("; ", problems));
    }
  }

  /** A builder for sending to {@code url}, every other field at its default. */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /** The URL without user information, for reports and logs. */
  public URI redactedUrl() {
    return redact(url);
  }

  /** {@code url} without user information. */
  public static URI redact(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(
          url.getScheme(),
          null,
          url.getHost(),
          url.getPort(),
          url.getPath(),
          url.getQuery(),
          url.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("cannot redact " + url.getHost(), e);
    }
  }

  private static void positive(List<String> problems, String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(field + " " + value + " must be > 0");
    }
  }

  /** Builds {@link SenderSettings}. */
  public static final class Builder {
    private final URI url;
    private Duration interval = Duration.ofSeconds(10);
    private Duration jitter = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(10);
    private int maxRequestMetrics = 10_000;
    private long maxRequestBytes = 4L << 20;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Optional<Path> progressJournal = Optional.empty();
    private boolean sendFullRequestsAtOnce = true;
    private BackoffPolicy backoff =
        new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.1);
    private Optional<String> bearerToken = Optional.empty();
    private Map<String, String> headers = Map.of();
    private String userAgent = DEFAULT_USER_AGENT;

    private Builder(URI url) {
      this.url = url;
    }

    /** See {@link SenderSettings#interval()}. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /** See {@link SenderSettings#jitter()}. */
    public Builder jitter(Duration jitter) {
      this.jitter = jitter;
      return this;
    }

    /** See {@link SenderSettings#timeout()}. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** See {@link SenderSettings#maxRequestMetrics()}. */
    public Builder maxRequestMetrics(int maxRequestMetrics) {
      this.maxRequestMetrics = maxRequestMetrics;
      return this;
    }

    /** See {@link SenderSettings#maxRequestBytes()}. */
    public Builder maxRequestBytes(long maxRequestBytes) {
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /** See {@link SenderSettings#concurrency()}. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** See {@link SenderSettings#sendFullRequestsAtOnce()}. */
    public Builder sendFullRequestsAtOnce(boolean sendFullRequestsAtOnce) {
      this.sendFullRequestsAtOnce = sendFullRequestsAtOnce;
      return this;
    }

    /** See {@link SenderSettings#backoff()}. */
    public Builder backoff(BackoffPolicy backoff) {
      this.backoff = backoff;
      return this;
    }

    /** See {@link SenderSettings#bearerToken()}. */
    public Builder bearerToken(Optional<String> bearerToken) {
      this.bearerToken = bearerToken;
      return this;
    }

    /** See {@link SenderSettings#headers()}. */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /** See {@link SenderSettings#userAgent()}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /** The settings, validated. */
    public SenderSettings build() {
      return new SenderSettings(
          url,
          interval,
          jitter,
          timeout,
          maxRequestMetrics,
          maxRequestBytes,
          concurrency,
          sendFullRequestsAtOnce,
          backoff,
          bearerToken,
          headers,
          userAgent,
          progressJournal);
    }

    /** See {@link SenderSettings#progressJournal()}. */
    public Builder progressJournal(Optional<Path> progressJournal) {
      this.progressJournal = progressJournal;
      return this;
    }
  }
}
