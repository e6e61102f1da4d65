package io.windlass.it.embedding;

import com.google.common.util.concurrent.ServiceManager;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.windlass.engine.Engine;
import java.time.Duration;
import java.util.List;

/**
 * The host application's own bindings. Nothing here is about manifolds: the host binds what its
 * workers need ({@link IndexerSettings}, the {@link WorkerJournal}) and assembles its {@code
 * ServiceManager} from the {@link Engine} and a service of its own.
 */
final class HostModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(IndexerSettings.class).toInstance(new IndexerSettings(Duration.ofMillis(10)));
    bind(WorkerJournal.class).in(Singleton.class);
    bind(HostStatus.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  ServiceManager services(Engine engine, HostStatus status) {
    return new ServiceManager(List.of(engine, status));
  }
}
