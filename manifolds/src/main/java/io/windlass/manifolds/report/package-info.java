/**
 * What {@code windlass run} writes on standard output. For a person ({@link
 * io.windlass.manifolds.report.ReportFormat#TEXT}, the default): a few lines at start (written by
 * the run command), then one {@link io.windlass.manifolds.report.Terminal} line per notable event
 * and, only if asked, a one-line summary every report interval, both from the {@code reporter}
 * manifold ({@link io.windlass.manifolds.report.ReportManifoldModule}), which reads the agent's
 * typed stats. For a program ({@link io.windlass.manifolds.report.ReportFormat#JSON}): {@link
 * io.windlass.manifolds.report.ReportPrinter} writes an {@link io.windlass.engine.EngineReport} as
 * one JSON document per line, with the keys the engine defines.
 *
 * <p>This package does not serve reports over a network: the status server's {@code /engine} does.
 */
@NullMarked
package io.windlass.manifolds.report;

import org.jspecify.annotations.NullMarked;
