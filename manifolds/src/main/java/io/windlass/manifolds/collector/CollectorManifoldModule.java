package io.windlass.manifolds.collector;

import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;
import io.windlass.collector.inputs.ProcRoot;
import io.windlass.engine.ManifoldModule;

/**
 * Declares the {@code collector} manifold, whose worker runs a pipeline per input of the config's
 * {@code inputs} section into the spool; its inputs are {@code spool} and {@code agent}. Binds the
 * {@link PipelineRegistry} as a singleton, so the pipelines outlive the worker's restarts, and
 * {@link Inputs} on {@code /proc} (another module may set {@link ProcRoot} with {@code
 * OptionalBinder}). Install it with {@code AgentManifoldModule} and {@code SpoolManifoldModule};
 * with {@code SocketManifoldModule} too, {@code collect.sock} runs every pipeline now.
 */
public final class CollectorManifoldModule extends ManifoldModule {

  /** The manifold's name. */
  public static final String COLLECTOR = "collector";

  @Override
  protected void configureManifolds() {
    bind(PipelineRegistry.class).in(Scopes.SINGLETON);
    OptionalBinder.newOptionalBinder(binder(), ProcRoot.class)
        .setDefault()
        .toInstance(ProcRoot.DEFAULT);
    manifold(COLLECTOR).worker(CollectorWorker.class);
  }

  @com.google.inject.Provides
  Inputs inputs(ProcRoot procRoot) {
    return new Inputs(procRoot);
  }
}
