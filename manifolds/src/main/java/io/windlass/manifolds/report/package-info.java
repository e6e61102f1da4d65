/**
 * The engine report as JSON: {@link io.windlass.manifolds.report.ReportPrinter} writes an {@link
 * io.windlass.engine.EngineReport} as one JSON document per line, with the keys the engine defines,
 * and {@link io.windlass.manifolds.report.ReportManifoldModule} declares the {@code reporter}
 * manifold, which prints it at a fixed interval.
 *
 * <p>This package does not serve reports over a network.
 */
@NullMarked
package io.windlass.manifolds.report;

import org.jspecify.annotations.NullMarked;
