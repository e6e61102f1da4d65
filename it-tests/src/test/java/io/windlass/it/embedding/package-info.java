/**
 * Embedding the engine in a host application, as a worked example.
 *
 * <p>The host is an ordinary Guice application with its own bindings ({@link
 * io.windlass.it.embedding.HostModule}) and its own Guava {@code ServiceManager}. It adds the
 * engine with {@code new EngineModule(config)} and two manifold modules of its own:
 *
 * <ul>
 *   <li>{@link io.windlass.it.embedding.StoreManifoldModule} — the "store" manifold: a {@link
 *       io.windlass.it.embedding.StoreWorker} per start, exposing its {@link
 *       io.windlass.it.embedding.Store};
 *   <li>{@link io.windlass.it.embedding.IndexerManifoldModule} — the "indexer" manifold: an {@link
 *       io.windlass.it.embedding.IndexerWorker} that injects {@code Store}, so the engine infers
 *       that it depends on "store" without the name being written anywhere.
 * </ul>
 *
 * <p>The workers are plain Guava services that know nothing of the engine; only the two manifold
 * modules adapt them. {@link io.windlass.it.embedding.EmbeddingIT} runs the whole host: start, a
 * failing store restarted and its indexer bounced onto the new store, and a clean stop.
 */
package io.windlass.it.embedding;
