package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Guice;
import com.google.inject.Inject;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An input's output function that returns null, as its dependents' injected workers see it. */
class EngineNullOutputTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  interface Greeting {}

  static final class NeedsGreeting extends AbstractIdleService {
    @Inject
    NeedsGreeting(Greeting greeting) {}

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class MayGoWithoutGreeting extends AbstractIdleService {
    final @Nullable Greeting greeting;

    @Inject
    MayGoWithoutGreeting(@Nullable Greeting greeting) {
      this.greeting = greeting;
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  private Manifold silentGreeter() {
    return h.manifold("greeter").exposes(Greeting.class, w -> null).build();
  }

  /**
   * Covers a bug where an output function returning null failed the dependent's start with a
   * twenty-line Guice NullInjectedIntoNonNullable error pointing into the engine's internals, not
   * naming the key or the manifold that produced null.
   */
  @Test
  void nullOutputFailsTheDependentsStartNamingTheKeyAndTheManifold() {
    h.start(
        h.config().build(),
        Guice.createInjector(),
        silentGreeter(),
        Manifold.builder("reader").worker(NeedsGreeting.class).build());
    h.runLong();

    ManifoldReport reader = h.engine.report().manifold("reader");
    assertThat(reader.state()).as("never runs").isNotEqualTo("started");
    assertThat(reader.error())
        .isEqualTo(
            "manifold \"reader\": manifold \"greeter\" exposed null as"
                + " io.windlass.engine.EngineNullOutputTest$Greeting (its output function returned"
                + " null), and the worker injects it where null is not allowed; return a value, or"
                + " mark the injection point @Nullable");
    assertThat(h.engine.report().manifold("greeter").state()).isEqualTo("started");
  }

  @Test
  void nullOutputIsInjectedWhereTheInjectionPointIsNullable() {
    h.start(
        h.config().build(),
        Guice.createInjector(),
        silentGreeter(),
        Manifold.builder("reader").worker(MayGoWithoutGreeting.class).build());
    h.runLong();

    ManifoldReport reader = h.engine.report().manifold("reader");
    assertThat(reader.state()).isEqualTo("started");
    assertThat(reader.error()).isNull();
    assertThat(reader.inputs()).containsExactly("greeter");
  }
}
