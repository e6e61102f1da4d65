package io.windlass.collector.inputs.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What to scrape.
 *
 * @param url an {@code http} or {@code https} URL, e.g. {@code http://127.0.0.1:9100/metrics}
 * @param timeout how long the whole scrape (connect, headers, body) may take; > 0
 */
public record PrometheusScrapeConfig(URI url, Duration timeout) {

  /** Validates. */
  public PrometheusScrapeConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("prometheus url " + url + " must be http or https");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("prometheus timeout " + timeout + " must be > 0");
    }
  }
}
