package io.windlass.it.embedding;

import io.windlass.engine.ManifoldModule;

/** Declares the "store" manifold: a new {@link StoreWorker} per start, exposing its store. */
final class StoreManifoldModule extends ManifoldModule {
  @Override
  protected void configureManifolds() {
    manifold("store").worker(StoreWorker.class).exposes(Store.class, StoreWorker::store);
  }
}
