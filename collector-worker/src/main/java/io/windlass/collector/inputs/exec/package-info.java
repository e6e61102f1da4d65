/**
 * The {@code exec} input: runs a command each time and reads metrics from its stdout, in Prometheus
 * text or Influx line protocol.
 *
 * <p>It does not use a shell; a command that needs one names it ({@code sh -c ...}).
 */
@NullMarked
package io.windlass.collector.inputs.exec;

import org.jspecify.annotations.NullMarked;
