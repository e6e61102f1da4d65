package io.windlass.manifolds.config;

import com.google.common.collect.ImmutableMap;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sink} section: the backend the sender forwards spooled batches to. Without a {@code
 * url} there is no sender and the spool only fills (up to its bounds) — the agent still collects,
 * serves its status and accepts pushed metrics.
 *
 * <pre>{@code
 * sink:
 *   type: prometheus-remote-write   # or json
 *   url: http://127.0.0.1:9090/api/v1/write
 *   interval: 10s                   # send every interval, plus up to jitter
 *   jitter: 1s
 *   timeout: 10s                    # per request
 *   max-request-metrics: 10000      # a request carries at most this many samples ...
 *   max-request-bytes: 4MiB         # ... and at most this many bytes before compression
 *   concurrency: 4                  # requests in flight at once, each series through one
 *   retry-min: 1s                   # backoff after a retryable failure, doubling ...
 *   retry-max: 5m                   # ... up to this (a Retry-After header wins, up to this)
 *   bearer-token: s3cret            # sent as Authorization: Bearer
 *   headers: {X-Scope-OrgID: fleet} # extra request headers
 * }</pre>
 *
 * @param type the protocol (default {@code prometheus-remote-write})
 * @param url the endpoint; empty (the default) for no sender
 * @param interval how often the sender runs when not triggered (default 10s)
 * @param jitter up to how much is added to each interval at random (default 1s; 0 for none)
 * @param timeout the longest a request may take (default 10s)
 * @param maxRequestMetrics the most samples in one request (default 10,000)
 * @param maxRequestBytes the most uncompressed bytes in one request (default 4MiB)
 * @param concurrency how many requests may be in flight at once, from 1 to {@value
 *     #MAX_CONCURRENCY} (default {@value #DEFAULT_CONCURRENCY}): the sender sends through this many
 *     shards, each series (remote write) or batch (JSON) always through the same one, in order
 * @param retryMin the first backoff after a retryable failure (default 1s)
 * @param retryMax the longest backoff (default 5m)
 * @param bearerToken sent as {@code Authorization: Bearer <token>} when present
 * @param headers extra request headers, in order
 */
public record SinkSettings(
    SinkType type,
    Optional<URI> url,
    Duration interval,
    Duration jitter,
    Duration timeout,
    int maxRequestMetrics,
    ByteSize maxRequestBytes,
    int concurrency,
    Duration retryMin,
    Duration retryMax,
    Optional<String> bearerToken,
    Map<String, String> headers) {

  public static final SinkType DEFAULT_TYPE = SinkType.PROMETHEUS_REMOTE_WRITE;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_JITTER = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_REQUEST_METRICS = 10_000;
  public static final ByteSize DEFAULT_MAX_REQUEST_BYTES = ByteSize.ofMiB(4);
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final int MAX_CONCURRENCY = 64;
  public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(5);

  /** The largest request a sink may be configured to send. */
  public static final ByteSize MAX_REQUEST_BYTES_LIMIT = ByteSize.ofMiB(256);

  /** Checks every value. */
  public SinkSettings {
    if (type == null || url == null || bearerToken == null || headers == null) {
      throw new IllegalArgumentException("sink settings must all be present");
    }
    url.ifPresent(SinkSettings::checkUrl);
    requirePositive("interval", interval);
    if (jitter == null || jitter.isNegative()) {
      throw new IllegalArgumentException("sink jitter " + jitter + " must be >= 0");
    }
    requirePositive("timeout", timeout);
    requirePositive("retry-min", retryMin);
    requirePositive("retry-max", retryMax);
    if (retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException(
          "sink retry-max "
              + DurationText.format(retryMax)
              + " must not be shorter than retry-min "
              + DurationText.format(retryMin));
    }
    if (maxRequestMetrics <= 0) {
      throw new IllegalArgumentException(
          "sink max-request-metrics " + maxRequestMetrics + " must be > 0");
    }
    if (maxRequestBytes == null
        || maxRequestBytes.bytes() <= 0
        || maxRequestBytes.compareTo(MAX_REQUEST_BYTES_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "sink max-request-bytes "
              + maxRequestBytes
              + " must be > 0 and at most "
              + MAX_REQUEST_BYTES_LIMIT);
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "sink concurrency " + concurrency + " must be from 1 to " + MAX_CONCURRENCY);
    }
    headers = ImmutableMap.copyOf(headers);
  }

  /** No sender: every default and no URL. */
  public static SinkSettings defaults() {
    return new SinkSettings(
        DEFAULT_TYPE,
        Optional.empty(),
        DEFAULT_INTERVAL,
        DEFAULT_JITTER,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_REQUEST_METRICS,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_CONCURRENCY,
        DEFAULT_RETRY_MIN,
        DEFAULT_RETRY_MAX,
        Optional.empty(),
        Map.of());
  }

  /** Whether a sender runs: a URL is set. */
  public boolean enabled() {
    return url.isPresent();
  }

  /** These settings sending to {@code newUrl} with {@code newType}. */
  public SinkSettings withUrl(SinkType newType, URI newUrl) {
    return new SinkSettings(
        newType,
        Optional.of(newUrl),
        interval,
        jitter,
        timeout,
        maxRequestMetrics,
        maxRequestBytes,
        concurrency,
        retryMin,
        retryMax,
        bearerToken,
        headers);
  }

  /**
   * Checks that {@code url} is an absolute http or https URL with a host.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static URI checkUrl(URI url) {
    if (url == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(String.valueOf(url))
              + " is not an http or https URL with a host (e.g."
              + " http://127.0.0.1:9090/api/v1/write)");
    }
    return url;
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("sink " + key + " " + value + " must be > 0");
    }
  }
}
