/**
 * The {@code agent} manifold: {@link io.windlass.manifolds.agent.AgentManifoldModule} declares it;
 * its worker loads the config named by {@link io.windlass.manifolds.agent.AgentOptions}, exposes it
 * as {@link io.windlass.manifolds.config.AgentConfig} to every manifold that injects it, and
 * watches the file, bouncing itself (and so its dependents) when the file comes to hold a different
 * valid config.
 *
 * <p>The file is polled (see {@link io.windlass.manifolds.agent.ConfigWatchSettings}) rather than
 * watched with a {@code WatchService}: polling sees every way of replacing a file, on every file
 * system, and runs on an injectable clock in tests.
 *
 * <p>This package does not create the data directory or act on the config beyond exposing it; the
 * manifolds that inject {@code AgentConfig} do.
 */
@NullMarked
package io.windlass.manifolds.agent;

import org.jspecify.annotations.NullMarked;
