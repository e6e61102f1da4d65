/**
 * The agent's configuration: {@link io.windlass.manifolds.config.AgentConfig} and its section
 * records, read from {@code windlass.yaml} by {@link
 * io.windlass.manifolds.config.AgentConfigReader}.
 *
 * <p>Values are records, valid by construction. Reading is strict and complete: every problem in a
 * file — bad YAML, an unknown or misspelt key, a value of the wrong type or out of range — is
 * collected with its line, column and key path, and thrown at once in a {@link
 * io.windlass.manifolds.config.ConfigException}, numbered. Sizes ({@link
 * io.windlass.manifolds.config.ByteSize}) and durations ({@link
 * io.windlass.manifolds.config.DurationText}) have one syntax each, shared with the command line.
 *
 * <p>This package does not watch files, apply a config to workers, or know about the engine; the
 * {@code agent} manifold does that.
 */
@NullMarked
package io.windlass.manifolds.config;

import org.jspecify.annotations.NullMarked;
