package io.windlass.engine;

import com.google.common.util.concurrent.Service;

/**
 * Creates a manifold's worker without Guice injection: the start-function variant of a manifold,
 * for code that prefers to ask for its inputs by name.
 *
 * <pre>{@code
 * manifold("sender")
 *     .inputs("spool")
 *     .start(resources -> new SenderWorker(resources.get("spool", MetricFactory.class)));
 * }</pre>
 *
 * <p>A start runs on an engine start thread, never on the engine loop, so it may block; it is
 * aborted by interrupting that thread ({@link Resources#isAborted()} turns true and {@link
 * Resources#aborted()} completes) when the engine no longer wants the worker. It must return a
 * <em>new</em> service (state {@code NEW}): the engine starts it. To end without a worker it
 * throws, typically one of the {@link EngineSignal signals}: {@link MissingInputException} when an
 * input it needs is not running.
 *
 * @param <W> the worker type
 */
@FunctionalInterface
public interface StartFunction<W extends Service> {
  /** Returns a new, unstarted worker built from {@code resources}. */
  W start(Resources resources) throws Exception;
}
