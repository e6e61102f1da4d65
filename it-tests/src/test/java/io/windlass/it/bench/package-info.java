/**
 * Benchmarks. {@link io.windlass.it.bench.EngineBenchmark} measures the engine's macro figures
 * (start-up of a large graph, bounce propagation, heap per idle manifold) against plain Guava
 * baselines measured in the same run; {@link io.windlass.it.bench.SpoolBenchmark} and {@link
 * io.windlass.it.bench.IngestSocketBenchmark} the spool's durable writes; {@link
 * io.windlass.it.bench.CollectorBenchmark} the collector's CPU per collect, pipeline throughput and
 * heap; {@link io.windlass.it.bench.SendPathBenchmark} the CPU per million samples of recording,
 * reading, encoding and sending to a real VictoriaMetrics. Benchmarks are programs, not tests: run
 * them as {@code docs/PERFORMANCE.md} says.
 */
package io.windlass.it.bench;
