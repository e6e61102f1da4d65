package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.PrivateModule;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bindings made per start ({@link ManifoldModule#installPerStart}): ordinary Guice bindings that
 * inject what manifolds expose, evaluated in each start's child injector; and the clear errors for
 * bindings that need a per-start value but live in the application injector.
 */
class EngineStartBindingsTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /** What "greeting" exposes; Guice cannot construct it (no injectable constructor). */
  record Greeting(String text) {}

  /** Made from a greeting by a binding, not by a manifold. */
  record Banner(String text) {}

  static final class GreetingWorker extends TestWorker {
    GreetingWorker() {
      super("greeting");
    }
  }

  static final class BannerWorker extends TestWorker {
    static final List<String> shown = new CopyOnWriteArrayList<>();

    @Inject
    BannerWorker(Banner banner) {
      super("banner");
      shown.add(banner.text());
    }
  }

  static final class GreeterWorker extends TestWorker {
    static final List<String> heard = new CopyOnWriteArrayList<>();

    @Inject
    GreeterWorker(Greeting greeting) {
      super("greeter");
      heard.add(greeting.text());
    }
  }

  /** Declares "greeting", which exposes {@link Greeting}. */
  abstract static class WithGreeting extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("greeting")
          .start(r -> new GreetingWorker())
          .exposes(Greeting.class, w -> new Greeting("hello"));
      configureMore();
    }

    abstract void configureMore();
  }

  @Test
  @DisplayName(
      "a @Provides method installed per start injects an exposed key; its user gets that manifold as an input")
  void providesMethodPerStartInjectsAnExposedKey() {
    Injector app =
        h.startInjected(
            new WithGreeting() {
              @Override
              void configureMore() {
                // readme:begin per-start
                // "greeting" exposes Greeting; BannerWorker injects Banner, made from it per start.
                manifold("banner").worker(BannerWorker.class);
                installPerStart(
                    new AbstractModule() {
                      @Provides
                      Banner banner(Greeting greeting) {
                        return new Banner(greeting.text() + "!");
                      }
                    });
                // readme:end per-start
              }
            });
    h.runLong();
    assertThat(h.engine.report().manifold("banner").inputs()).containsExactly("greeting");
    assertThat(h.engine.report().manifold("banner").state()).isEqualTo("started");
    assertThat(BannerWorker.shown).contains("hello!");
    assertThat(app.getExistingBinding(Key.get(Banner.class))).isNull();
  }

  @Test
  @DisplayName(
      "a worker key bound per start to a worker that injects an exposed key starts with that input")
  void workerKeyBoundPerStart() {
    Key<Service> greeterKey = Key.get(Service.class, Names.named("greeter"));
    h.startInjected(
        new WithGreeting() {
          @Override
          void configureMore() {
            manifold("greeter").worker(greeterKey);
            installPerStart(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    bind(greeterKey).to(GreeterWorker.class);
                  }
                });
          }
        });
    h.runLong();
    assertThat(h.engine.report().manifold("greeter").inputs()).containsExactly("greeting");
    assertThat(h.engine.report().manifold("greeter").state()).isEqualTo("started");
    assertThat(GreeterWorker.heard).contains("hello");
  }

  /**
   * Covers a bug where a manifold declared with {@code worker(key)}, the key bound in the same
   * module to a worker class that injects an exposed key, failed injector creation with "No
   * injectable constructor for type Greeting": input inference stopped at the binding, and the
   * binding lived in the application injector.
   */
  @Test
  @DisplayName(
      "a worker key bound in the declaring module is bound per start; the worker injects an exposed key")
  void workerKeyBoundInTheDeclaringModule() {
    Key<Service> greeterKey = Key.get(Service.class, Names.named("greeter"));
    Injector app =
        h.startInjected(
            new WithGreeting() {
              @Override
              void configureMore() {
                bind(Service.class).annotatedWith(Names.named("greeter")).to(GreeterWorker.class);
                manifold("greeter").worker(greeterKey);
              }
            });
    h.runLong();
    assertThat(h.engine.report().manifold("greeter").inputs()).containsExactly("greeting");
    assertThat(h.engine.report().manifold("greeter").state()).isEqualTo("started");
    assertThat(GreeterWorker.heard).contains("hello");
    assertThat(app.getExistingBinding(greeterKey)).isNull();
  }

  /**
   * Covers a bug where a {@code @Provides} method of a manifold module that injects a key the
   * module's manifold exposes failed injector creation with Guice's "No injectable constructor for
   * type Greeting" alone: nothing said that the key exists only per start.
   */
  @Test
  @DisplayName(
      "a @Provides method in the application injector that needs an exposed key is an error saying why")
  void providesMethodInApplicationInjectorSaysWhy() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new EngineModule(h.config().build()),
                    new WithGreeting() {
                      @Override
                      void configureMore() {
                        manifold("banner").worker(BannerWorker.class);
                      }

                      @Provides
                      Banner banner(Greeting greeting) {
                        return new Banner(greeting.text());
                      }
                    }))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining(
            "banner() needs EngineStartBindingsTest$Greeting, which manifold \"greeting\""
                + " exposes per start; the application injector, where this method is bound,"
                + " cannot see it")
        .hasMessageContaining("declare the method in a module given to installPerStart(..)");
  }

  interface Sign {}

  /** A sign made from a greeting; bound to {@link Sign} in the application injector by mistake. */
  static final class GreetingSign implements Sign {
    @Inject
    GreetingSign(Greeting greeting) {}
  }

  @Test
  @DisplayName(
      "a binding of the declaring module that needs an exposed or per-start key is an error saying why")
  void applicationBindingOfTheModuleNeedingAPerStartKeySaysWhy() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new WithGreeting() {
                      @Override
                      void configureMore() {
                        bind(Sign.class).to(GreetingSign.class);
                        installPerStart(
                            new AbstractModule() {
                              @Provides
                              Banner banner(Greeting greeting) {
                                return new Banner(greeting.text());
                              }
                            });
                      }

                      @Provides
                      String motto(Banner banner) {
                        return banner.text();
                      }
                    }))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining(
            "the binding of EngineStartBindingsTest$Sign needs EngineStartBindingsTest$Greeting,"
                + " which manifold \"greeting\" exposes per start; the application injector, where"
                + " it is bound, cannot see it: make the binding in a module given to"
                + " installPerStart(..)")
        .hasMessageContaining(
            "motto() needs EngineStartBindingsTest$Banner, which is bound per start; the"
                + " application injector, where this method is bound, cannot see it");
  }

  /** Constructed in the application injector; takes a greeting if it can. */
  static final class Decorator {
    @Inject(optional = true)
    void greeting(Greeting greeting) {}
  }

  static final class DecoratedWorker extends TestWorker {
    @Inject
    DecoratedWorker(Decorator decorator) {
      super("decorated");
    }
  }

  private static Set<Manifold> manifoldsOf(Injector injector) {
    return injector.getInstance(Key.get(new TypeLiteral<Set<Manifold>>() {}));
  }

  @Test
  @DisplayName(
      "a binding in the application injector that leads to a per-start value is in the engine's problem list")
  void applicationBindingNeedingAPerStartValueIsAProblem() {
    Injector app =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(Decorator.class);
              }
            },
            new WithGreeting() {
              @Override
              void configureMore() {
                manifold("decorated").worker(DecoratedWorker.class);
              }
            });
    assertThatThrownBy(() -> Engine.create(app, manifoldsOf(app), h.config().build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("1) manifold \"decorated\": ")
        .hasMessageContaining(
            "worker io.windlass.engine.EngineStartBindingsTest$DecoratedWorker cannot be"
                + " injected: it needs io.windlass.engine.EngineStartBindingsTest$Decorator, bound"
                + " in the application injector, whose binding leads to"
                + " io.windlass.engine.EngineStartBindingsTest$Greeting, which manifold"
                + " \"greeting\" exposes per start; the application injector cannot see"
                + " per-start values: bind io.windlass.engine.EngineStartBindingsTest$Decorator"
                + " per start (ManifoldModule.installPerStart) instead")
        // The application binding's line, then the manifold's.
        .hasMessageMatching(
            "(?s).*\n  at io\\.windlass\\.engine\\.EngineStartBindingsTest\\$\\d+\\.configure"
                + "\\(EngineStartBindingsTest\\.java:\\d+\\)\n  at"
                + " io\\.windlass\\.engine\\.EngineStartBindingsTest\\$\\d+\\.configureMore"
                + "\\(EngineStartBindingsTest\\.java:\\d+\\)\n.*")
        .hasMessageContaining("1 error");
  }

  @Test
  @DisplayName(
      "a key bound per start and in the application injector, or per start twice, is in the problem list")
  void startBindingConflictsAreProblems() {
    Injector app =
        Guice.createInjector(
            binder -> binder.bind(Banner.class).toInstance(new Banner("app")),
            new WithGreeting() {
              @Override
              void configureMore() {
                installPerStart(
                    new AbstractModule() {
                      @Provides
                      Banner banner(Greeting greeting) {
                        return new Banner(greeting.text());
                      }
                    });
              }
            });
    assertThatThrownBy(() -> Engine.create(app, manifoldsOf(app), h.config().build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining(
            "io.windlass.engine.EngineStartBindingsTest$Banner is bound per start and in the"
                + " application injector; bind it in one place")
        .hasMessageMatching(
            "(?s).*\n  at io\\.windlass\\.engine\\.EngineStartBindingsTest\\$\\d+\\$1\\.banner\\(\\)"
                + "\n  at io\\.windlass\\.engine\\.EngineStartBindingsTest\\.lambda\\$.*"
                + "\\(EngineStartBindingsTest\\.java:\\d+\\)\n.*");
  }

  interface Unbound {}

  /**
   * Binds {@link Banner} per start to {@code text}, or, if {@code needsUnbound}, from what nothing
   * binds.
   */
  static ManifoldModule bannerPerStart(String text, boolean needsUnbound) {
    return new ManifoldModule() {
      @Override
      protected void configureManifolds() {
        installPerStart(
            new AbstractModule() {
              @Override
              protected void configure() {
                if (needsUnbound) {
                  bind(Banner.class)
                      .toProvider(
                          new com.google.inject.Provider<Banner>() {
                            @Inject Unbound unbound;

                            @Override
                            public Banner get() {
                              return new Banner("never");
                            }
                          });
                } else {
                  bind(Banner.class).toInstance(new Banner(text));
                }
              }
            });
      }
    };
  }

  @Test
  @DisplayName(
      "a key bound per start twice, or a per-start binding that needs what nothing provides, is in the problem list")
  void startBindingProblemsAreListed() {
    // Guice keeps one of two identical bindings; these two differ.
    Injector twice =
        Guice.createInjector(bannerPerStart("one", false), bannerPerStart("two", false));
    assertThatThrownBy(() -> Engine.create(twice, manifoldsOf(twice), h.config().build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining(
            "1) io.windlass.engine.EngineStartBindingsTest$Banner is bound per start twice\n  at"
                + " io.windlass.engine.EngineStartBindingsTest$")
        .hasMessageContaining("1 error");

    Injector needy =
        Guice.createInjector(
            bannerPerStart("never", true),
            new ManifoldModule() {
              @Override
              protected void configureManifolds() {
                manifold("banner").worker(BannerWorker.class);
              }
            });
    assertThatThrownBy(() -> Engine.create(needy, manifoldsOf(needy), h.config().build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining(
            "manifold \"banner\": worker io.windlass.engine.EngineStartBindingsTest$BannerWorker"
                + " cannot be injected: no binding for"
                + " io.windlass.engine.EngineStartBindingsTest$Unbound");
  }

  @Test
  @DisplayName("installPerStart takes bindings only")
  void installPerStartTakesBindingsOnly() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new ManifoldModule() {
                      @Override
                      protected void configureManifolds() {
                        installPerStart(
                            new AbstractModule() {
                              @Override
                              protected void configure() {
                                requestStaticInjection(Decorator.class);
                              }
                            });
                      }
                    }))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("installPerStart takes bindings only (bind, @Provides)");
  }

  @Test
  @DisplayName("inside a PrivateModule, bindings per start serve the engine installed there")
  void startBindingsInsideAPrivateModule() throws Exception {
    Injector injector =
        Guice.createInjector(
            new PrivateModule() {
              @Override
              protected void configure() {
                install(new EngineModule(h.config().build()));
                install(
                    new WithGreeting() {
                      @Override
                      void configureMore() {
                        manifold("banner").worker(BannerWorker.class);
                        installPerStart(
                            new AbstractModule() {
                              @Provides
                              Banner banner(Greeting greeting) {
                                return new Banner(greeting.text() + "?");
                              }
                            });
                      }
                    });
                expose(Engine.class);
              }
            });
    h.engine = injector.getInstance(Engine.class);
    h.engine.startAsync().awaitRunning();
    h.runLong();
    assertThat(h.engine.report().manifold("banner").inputs()).containsExactly("greeting");
    assertThat(h.engine.report().manifold("banner").state()).isEqualTo("started");
    assertThat(BannerWorker.shown).contains("hello?");
  }
}
