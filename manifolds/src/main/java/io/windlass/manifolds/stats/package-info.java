/**
 * The agent's running workers' typed stats, in one place: {@link
 * io.windlass.manifolds.stats.AgentStats} holds, for each worker that has some, a source of its
 * stats record ({@code SpoolStats}, {@code SenderStats}, {@code PipelineStats}, ...) that the
 * worker publishes when it starts and withdraws when it stops ({@code AgentState}, {@code
 * SpoolState}, {@code SenderState}, {@code InputState}), and the history of config loads. The
 * agent's own metrics, its terminal lines and the web console's documents are built from these
 * records, never from the engine report's maps by string key, so renaming a report field cannot
 * silently drop a metric or break a page.
 *
 * <p>This package computes nothing and formats nothing: it only hands records from the workers to
 * their readers.
 */
@NullMarked
package io.windlass.manifolds.stats;

import org.jspecify.annotations.NullMarked;
