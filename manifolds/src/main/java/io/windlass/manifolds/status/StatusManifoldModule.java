package io.windlass.manifolds.status;

import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;
import io.windlass.engine.ManifoldModule;

/**
 * Declares the status server's manifolds:
 *
 * <ul>
 *   <li>{@value #STATUS}: the HTTP server on {@code status.listen} ({@code /healthz}, {@code
 *       /engine}, {@code /metrics}, and the push paths); inputs: {@code agent};
 *   <li>{@value #HTTP_INGEST}: stores what is pushed to the server into the spool; inputs: {@code
 *       agent}, {@code spool}.
 * </ul>
 *
 * <p>Install it with {@code AgentManifoldModule} and {@code SpoolManifoldModule}; the engine (from
 * {@code EngineModule}) is what {@code /healthz}, {@code /engine} and {@code /metrics} report on.
 */
public final class StatusManifoldModule extends ManifoldModule {

  public static final String STATUS = "status";
  public static final String HTTP_INGEST = "http-ingest";

  @Override
  protected void configureManifolds() {
    bind(IngestSlot.class).in(Scopes.SINGLETON);
    bind(StatusServer.RequestCounters.class).in(Scopes.SINGLETON);
    OptionalBinder.newOptionalBinder(binder(), StatusServer.Options.class)
        .setDefault()
        .toInstance(StatusServer.Options.defaults());

    manifold(STATUS).worker(StatusWorker.class);
    manifold(HTTP_INGEST).worker(HttpIngestWorker.class);
  }
}
