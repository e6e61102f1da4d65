/**
 * The {@code prometheus} input: scrapes an HTTP endpoint serving the Prometheus text format and
 * labels what it reads as a Prometheus scrape does ({@code job}, {@code instance}, {@code
 * honor_labels}), with the scrape's own {@code scrape_*} metrics.
 *
 * <p>Plain text exposition only; it does not negotiate OpenMetrics or protobuf, follow service
 * discovery, or relabel.
 */
@NullMarked
package io.windlass.collector.inputs.prometheus;

import org.jspecify.annotations.NullMarked;
