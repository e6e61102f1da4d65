package io.windlass.collector.inputs.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What to scrape, and the target labels its samples get, as a Prometheus scrape config gives them.
 *
 * @param url an {@code http} or {@code https} URL, e.g. {@code http://127.0.0.1:9100/metrics}
 * @param timeout how long the whole scrape (connect, headers, body) may take; > 0
 * @param job the {@code job} label of every sample; not blank
 * @param honorLabels what wins when a scraped sample has a label the scrape sets ({@code job},
 *     {@code instance}): false, the scrape's, the scraped one renamed {@code exported_<name>};
 *     true, the scraped one
 */
public record PrometheusScrapeConfig(URI url, Duration timeout, String job, boolean honorLabels) {

  /** The job of a config that names none. */
  public static final String DEFAULT_JOB = "prometheus";

  /** Validates. */
  public PrometheusScrapeConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(job, "job");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("prometheus url " + url + " must be http or https");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("prometheus url " + url + " has no host");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("prometheus timeout " + timeout + " must be > 0");
    }
    if (job.isBlank()) {
      throw new IllegalArgumentException("prometheus job must not be blank");
    }
  }

  /** Scrapes {@code url} as job {@value #DEFAULT_JOB}, without honoring labels. */
  public PrometheusScrapeConfig(URI url, Duration timeout) {
    this(url, timeout, DEFAULT_JOB, false);
  }

  /**
   * The {@code instance} label: the target's {@code host:port}, the scheme's default port when the
   * URL names none ({@code http://h/metrics} is {@code h:80}), as Prometheus writes it.
   */
  public String instance() {
    int port = url.getPort();
    if (port == -1) {
      port = "https".equals(url.getScheme()) ? 443 : 80;
    }
    return url.getHost() + ":" + port;
  }

  /** The labels the scrape sets on every sample: {@code job} and {@code instance}. */
  public Map<String, String> targetLabels() {
    return Map.of(PrometheusInput.JOB, job, PrometheusInput.INSTANCE, instance());
  }
}
