/**
 * Benchmarks. {@link io.windlass.it.bench.EngineBenchmark} measures the engine's macro figures
 * (start-up of a large graph, bounce propagation, heap per idle manifold) against plain Guava
 * baselines measured in the same run. Benchmarks are programs, not tests: run them as {@code
 * docs/PERFORMANCE.md} says.
 */
package io.windlass.it.bench;
