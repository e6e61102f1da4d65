package io.windlass.collector;

import java.util.Map;

/**
 * An input that collects from one target named by labels, as a Prometheus scrape names its target
 * by {@code job} and {@code instance}. The {@link Pipeline} labels its health metrics ({@code up},
 * {@code collect_seconds}, ...) with them, so that each target's {@code up} is a series of its own;
 * the task's tags still win over them.
 *
 * <p>Like {@link ErrorMetricsSource#addErrorMetrics}, this may be called on any thread while a
 * collect runs: it should return labels fixed by the input's configuration.
 */
public interface TargetLabels {

  /** The labels that name the target; not empty. */
  Map<String, String> targetLabels();
}
