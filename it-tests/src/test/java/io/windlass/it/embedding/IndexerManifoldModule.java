package io.windlass.it.embedding;

import io.windlass.engine.ManifoldModule;

/**
 * Declares the "indexer" manifold. No input is written: {@link IndexerWorker} injects {@link
 * Store}, and that makes "store" its input.
 */
final class IndexerManifoldModule extends ManifoldModule {
  @Override
  protected void configureManifolds() {
    manifold("indexer").worker(IndexerWorker.class);
  }
}
