package io.windlass.it.readme;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Scopes;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.EngineReport;
import io.windlass.it.readme.GreetingManifoldModule.Greetings;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** An application that embeds the engine: the README's "embedding the engine" example. */
final class EmbeddedApplication {
  private EmbeddedApplication() {}

  /** Runs the example and returns the report taken while it ran, and what the greeter saw. */
  static Result run() throws TimeoutException {
    // readme:begin embedding
    Injector injector =
        Guice.createInjector(
            binder -> binder.bind(Greetings.class).in(Scopes.SINGLETON), // the host's own
            new EngineModule(EngineConfig.builder().errorDelay(Duration.ofSeconds(1)).build()),
            new GreetingManifoldModule());
    Engine engine = injector.getInstance(Engine.class); // a Guava Service
    engine.startAsync().awaitRunning();
    engine.awaitHealthy(Duration.ofSeconds(10)); // every manifold's worker is running

    EngineReport report = engine.report();
    System.out.println(report.manifold("greeter").inputs()); // [greeting], inferred
    System.out.println(injector.getInstance(Greetings.class).get()); // hello, world

    engine.stopAsync().awaitTerminated(Duration.ofSeconds(10)); // dependents stop first
    // readme:end embedding
    return new Result(report, injector.getInstance(Greetings.class).get(), engine);
  }

  record Result(EngineReport report, String greeting, Engine engine) {}
}
