/**
 * The {@code collector} manifold: the agent's inputs, each in a pipeline writing to the spool, kept
 * across config changes by {@link io.windlass.manifolds.collector.PipelineRegistry}.
 */
@NullMarked
package io.windlass.manifolds.collector;

import org.jspecify.annotations.NullMarked;
