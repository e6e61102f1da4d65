package io.windlass.engine.internal;

import com.google.inject.Binder;
import com.google.inject.Binding;
import com.google.inject.BindingAnnotation;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.PrivateBinder;
import com.google.inject.PrivateModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import com.google.inject.spi.ExposedBinding;
import io.windlass.engine.Manifold;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manifolds declared by a {@code ManifoldModule} inside a {@link PrivateModule}. They go into a set
 * of their own, so that they do not clash with the application's set: an engine installed in the
 * same private module runs them, and an engine outside it, which cannot see them, reports them as a
 * configuration problem saying what to do (from a marker each such module exposes).
 */
public final class PrivateManifolds {

  /** Qualifies the private set of manifolds. */
  @BindingAnnotation
  @Retention(RetentionPolicy.RUNTIME)
  public @interface InPrivateModule {}

  /** What a module inside a private module exposes so that an engine outside can name it. */
  public record Declaration(String module, List<String> manifolds) {}

  private static final Key<Set<Manifold>> SET =
      Key.get(new TypeLiteral<Set<Manifold>>() {}, InPrivateModule.class);
  private static final AtomicLong IDS = new AtomicLong();

  private PrivateManifolds() {}

  /**
   * Whether the module being configured now is inside a {@link PrivateModule}: true when one is
   * configuring further up the stack. A module installed through {@code newPrivateBinder()} by hand
   * is not detected.
   */
  public static boolean configuringInPrivateModule() {
    String privateModule = PrivateModule.class.getName();
    return StackWalker.getInstance()
        .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(privateModule)));
  }

  /** The set binder for manifolds declared inside a private module, and its exposed marker. */
  public static Multibinder<Manifold> setBinder(
      Binder binder, String module, List<String> manifolds) {
    Key<Declaration> marker =
        Key.get(
            Declaration.class, Names.named("windlass.private-manifolds." + IDS.incrementAndGet()));
    binder.bind(marker).toInstance(new Declaration(module, List.copyOf(manifolds)));
    ((PrivateBinder) binder).expose(marker);
    return Multibinder.newSetBinder(binder, Manifold.class, InPrivateModule.class);
  }

  /** The manifolds declared inside the private module this injector belongs to, if any. */
  public static Set<Manifold> declaredHere(Injector injector) {
    Binding<Set<Manifold>> binding = injector.getExistingBinding(SET);
    return binding == null ? Set.of() : binding.getProvider().get();
  }

  /**
   * One problem per module inside a child private module of {@code injector}: its manifolds are
   * hidden from an engine built here.
   */
  public static List<String> hiddenFrom(Injector injector) {
    List<String> problems = new ArrayList<>();
    for (Binding<Declaration> b : injector.findBindingsByType(TypeLiteral.get(Declaration.class))) {
      if (b instanceof ExposedBinding<Declaration>) {
        Declaration declared = b.getProvider().get();
        problems.add(
            "manifolds "
                + declared.manifolds()
                + " of "
                + declared.module()
                + " are declared inside a PrivateModule, where the engine cannot see them;"
                + " install the EngineModule in that PrivateModule too (and expose Engine), or"
                + " install "
                + declared.module()
                + " outside it");
      }
    }
    return problems;
  }
}
