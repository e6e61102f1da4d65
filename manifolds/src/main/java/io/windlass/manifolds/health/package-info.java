/**
 * Whether the agent is healthy, read from the engine report by one rule ({@link
 * io.windlass.manifolds.health.ManifoldHealth}, {@link io.windlass.manifolds.health.Health}), so
 * that {@code /healthz}, InfluxDB's {@code /health}, the {@code windlass_healthy} metric and the
 * web console never disagree.
 *
 * <p>This package serves and formats nothing but the lines that name what is down.
 */
@NullMarked
package io.windlass.manifolds.health;

import org.jspecify.annotations.NullMarked;
