/**
 * Real metrics backends as test fixtures, for end-to-end tests of the agent's sender.
 *
 * <ul>
 *   <li>{@link io.windlass.it.backend.PrometheusServer} and {@link
 *       io.windlass.it.backend.VictoriaMetricsServer} run the Debian packages' binaries on a free
 *       loopback port with a data directory and a log under {@code target/backends/}; both receive
 *       remote write on {@code remoteWriteUri()} and answer queries ({@code query}, {@code
 *       queryRange}, {@code rawSamples}, {@code series}; VictoriaMetrics also {@code export}, every
 *       raw sample). {@link io.windlass.it.backend.VmAgentProcess} runs vmagent in front of one.
 *   <li>{@link io.windlass.it.backend.BackendProcess}, their base: {@code start}, {@code stop}
 *       (SIGTERM, then SIGKILL), {@code kill}, {@code restart} on the same port and data, {@code
 *       close}; a shutdown hook reaps whatever a test leaves running.
 *   <li>{@link io.windlass.it.backend.BackendExtension} runs one per test class or per test and
 *       prints its log's tail when a test fails.
 *   <li>{@link io.windlass.it.backend.RemoteWrite}, a test-only remote-write client, checks the
 *       fixtures without the agent; {@link io.windlass.it.backend.BackendServersIT} records what
 *       each backend answers (docs/BACKENDS.md).
 * </ul>
 *
 * <p>The binaries come from the packages {@code prometheus} and {@code victoria-metrics}, which
 * {@code scripts/test} installs when missing; {@code $PROMETHEUS_BIN}, {@code
 * $VICTORIA_METRICS_BIN} and {@code $VMAGENT_BIN} override the lookup on the PATH.
 */
package io.windlass.it.backend;
