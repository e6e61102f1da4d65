/**
 * The {@code sender} manifold: {@link io.windlass.manifolds.sender.SenderManifoldModule} declares
 * it; its worker forwards the spool to the backend of the config's {@code sink} section with the
 * spool module's {@link io.windlass.spool.sender.SenderWorker} (Prometheus remote write or a JSON
 * batch API), serves {@code send.sock}'s "send now" through {@link
 * io.windlass.manifolds.sockets.TriggerTargets}, and reports the sender's counters in the engine
 * report. Without {@code sink.url} it does nothing and says so.
 *
 * <p>This package does not send anything itself; it only adapts the sender to the engine and the
 * config.
 */
@NullMarked
package io.windlass.manifolds.sender;

import org.jspecify.annotations.NullMarked;
