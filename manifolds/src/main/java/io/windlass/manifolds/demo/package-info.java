/**
 * A small demonstration of the engine, added to the agent by {@code windlass run --demo}.
 *
 * <p>{@link io.windlass.manifolds.demo.DemoManifoldModule} declares two manifolds:
 *
 * <ul>
 *   <li>{@code ticker} counts ticks and exposes the count as {@link
 *       io.windlass.manifolds.demo.TickCount};
 *   <li>{@code heartbeat} injects {@code TickCount}, so the engine infers its input {@code ticker}
 *       and bounces it whenever the ticker restarts.
 * </ul>
 *
 * <p>The demo does no useful work and keeps no state across restarts; it shows the engine running,
 * inferring inputs and reporting. The config's {@code demo} section ({@link
 * io.windlass.manifolds.demo.DemoSettings}) sets its pace, and with {@code fail-every} makes {@code
 * ticker} fail over and over, to show the engine restarting a failing worker with backoff and
 * bouncing its dependent.
 */
@NullMarked
package io.windlass.manifolds.demo;

import org.jspecify.annotations.NullMarked;
