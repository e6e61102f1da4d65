/**
 * The engine report as JSON: {@link io.windlass.manifolds.report.ReportPrinter} writes an {@link
 * io.windlass.engine.EngineReport} as one JSON document per line, with the keys the engine defines.
 *
 * <p>This package does not decide when to report or serve reports over a network.
 */
@NullMarked
package io.windlass.manifolds.report;

import org.jspecify.annotations.NullMarked;
