package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.PrivateModule;
import org.junit.jupiter.api.Test;

/** Manifold modules installed inside a Guice {@link PrivateModule}. */
class EnginePrivateModuleTest {
  static final class Declares extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("hidden").worker(BadManifoldModules.Idle.class);
    }
  }

  static final class Public extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("open").worker(BadManifoldModules.Idle.class);
    }
  }

  /**
   * Covers a bug where a manifold module installed inside a PrivateModule, with the engine outside
   * it, failed injector creation with four Multibinder errors about {@code Set<Manifold>} bound
   * twice, which said nothing of manifolds or what to do.
   */
  @Test
  void manifoldModuleInsideAPrivateModuleWithTheEngineOutsideIsAClearProblem() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new EngineModule(),
                    new Public(),
                    new PrivateModule() {
                      @Override
                      protected void configure() {
                        install(new Declares());
                      }
                    }))
        .isInstanceOf(CreationException.class)
        .satisfies(
            e -> {
              CreationException creation = (CreationException) e;
              assertThat(creation.getErrorMessages()).hasSize(1);
              assertThat(creation.getErrorMessages().iterator().next().getCause())
                  .isInstanceOf(ManifoldConfigurationException.class)
                  .hasMessage(
                      "Manifold configuration errors:\n\n"
                          + "1) manifolds [hidden] of"
                          + " io.windlass.engine.EnginePrivateModuleTest$Declares are declared"
                          + " inside a PrivateModule, where the engine cannot see them; install the"
                          + " EngineModule in that PrivateModule too (and expose Engine), or install"
                          + " io.windlass.engine.EnginePrivateModuleTest$Declares outside it\n\n"
                          + "1 error");
            });
  }

  @Test
  void engineAndManifoldModuleInTheSamePrivateModuleRunItsManifolds() throws Exception {
    Injector injector =
        Guice.createInjector(
            new PrivateModule() {
              @Override
              protected void configure() {
                install(new EngineModule());
                install(new Declares());
                expose(Engine.class);
              }
            });
    Engine engine = injector.getInstance(Engine.class);
    assertThat(engine.graph().node("hidden")).isPresent();
    engine.startAsync().awaitRunning();
    try {
      engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);
      assertThat(engine.report().manifold("hidden").state()).isEqualTo("started");
    } finally {
      engine.stopAsync().awaitTerminated(EngineHarness.QUIET_TIMEOUT);
    }
  }
}
