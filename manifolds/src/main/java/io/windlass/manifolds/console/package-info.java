/**
 * The agent's web console, served by the status server: pages a person reads to see what the agent
 * is doing, and the JSON documents they are drawn from.
 *
 * <h2>Pages</h2>
 *
 * Plain HTML, CSS and a little JavaScript shipped in the jar ({@code assets/}, served by {@link
 * io.windlass.manifolds.console.ConsoleAssets}), with no external fonts, scripts or build step.
 * Each page reads its document every two seconds.
 *
 * <ul>
 *   <li>{@code /}: overview: health, version, uptime, data directory, config file, when it was
 *       loaded, and the problems of a config change that was kept out;
 *   <li>{@code /console/manifolds}: the engine graph as SVG, inputs to the left, each manifold with
 *       its state, start count, restarts and last error;
 *   <li>{@code /console/spool}: size, the last hour of it as a chart ({@link
 *       io.windlass.manifolds.console.SpoolHistory}), drops and refusals by reason, how many
 *       batches were rejected and entries quarantined, and the latest of each with their reasons
 *       ({@link io.windlass.manifolds.console.SpoolSideEntries}: bounded work however many);
 *   <li>{@code /console/sender}: the sink, requests sent and failed, batches sent and rejected,
 *       requests in flight, backlog, the last error and the next retry;
 *   <li>{@code /console/targets}: every input pipeline (a {@code prometheus} input is a scrape
 *       target): state, health, last run, duration, series, errors and the last error (cleared by a
 *       run that works, as vmagent's {@code /targets} does).
 * </ul>
 *
 * <h2>Documents</h2>
 *
 * {@code GET /api/console/v1/<name>} for {@code overview}, {@code manifolds}, {@code spool}, {@code
 * sender}, {@code targets}: JSON objects with camelCase keys, described field by field on the
 * records that make them ({@code OverviewDocument}, ...). Fields are only ever added within {@code
 * v1}. They are read from the engine report (manifold states, the graph), the workers' typed stats
 * ({@code AgentStats}: {@code SpoolStats}, {@code SenderStats}, {@code PipelineStats}, ...) and the
 * latest samples, never from the workers' report maps by key, so renaming a report field cannot
 * silently break a page.
 *
 * <h2>Access</h2>
 *
 * Like every path of the status server, the console needs the token when {@code status.token} is
 * set. A browser gives it once to the form of {@code /login}, which posts it, and is sent an {@code
 * HttpOnly}, {@code SameSite=Strict} cookie that admits reads only ({@link
 * io.windlass.manifolds.console.ConsoleLogin}).
 *
 * <p>This package serves nothing itself and knows no HTTP server: {@code
 * io.windlass.manifolds.status} routes requests to {@link io.windlass.manifolds.console.Console}
 * and sends its {@link io.windlass.manifolds.console.ConsoleResponse}s.
 */
@NullMarked
package io.windlass.manifolds.console;

import org.jspecify.annotations.NullMarked;
