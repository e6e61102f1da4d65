package io.windlass.it.readme;

// readme:begin embedding-module
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.windlass.engine.ManifoldModule;
import java.util.concurrent.atomic.AtomicReference;

/** Two manifolds: "greeting" exposes a Greeting; "greeter" injects it, so depends on it. */
public final class GreetingManifoldModule extends ManifoldModule {
  @Override
  protected void configureManifolds() {
    manifold("greeting").worker(GreetingWorker.class).exposes(Greeting.class, w -> w.greeting);
    manifold("greeter").worker(GreeterWorker.class);
  }

  /** What "greeting" exposes. */
  public record Greeting(String text) {}

  static final class GreetingWorker extends AbstractIdleService {
    final Greeting greeting = new Greeting("hello");

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  /** Holds the last greeting a greeter saw; bound by the host. */
  public static final class Greetings extends AtomicReference<String> {}

  static final class GreeterWorker extends AbstractIdleService {
    private final Greeting greeting;
    private final Greetings greetings;

    @Inject
    GreeterWorker(Greeting greeting, Greetings greetings) {
      this.greeting = greeting;
      this.greetings = greetings;
    }

    @Override
    protected void startUp() {
      greetings.set(greeting.text() + ", world");
    }

    @Override
    protected void shutDown() {}
  }
}
// readme:end embedding-module
