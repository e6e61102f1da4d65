/**
 * The {@code prometheus} input: scrapes an HTTP endpoint serving the Prometheus text format.
 *
 * <p>Plain text exposition only; it does not negotiate OpenMetrics or protobuf, follow service
 * discovery, or relabel.
 */
@NullMarked
package io.windlass.collector.inputs.prometheus;

import org.jspecify.annotations.NullMarked;
