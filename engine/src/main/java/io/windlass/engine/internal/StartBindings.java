package io.windlass.engine.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Binder;
import com.google.inject.Binding;
import com.google.inject.BindingAnnotation;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.spi.Element;
import com.google.inject.spi.ExposedBinding;
import com.google.inject.spi.Message;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Bindings a {@code ManifoldModule} makes per start ({@code installPerStart}) rather than in the
 * application injector: they may inject what manifolds expose. Each module's bindings are recorded
 * as Guice elements, collected in a set next to the manifolds, and replayed into the child injector
 * of every start whose worker needs one of them (see {@link GraphValidator.Node#startKeys()}).
 */
public final class StartBindings {

  /** Qualifies the set of start bindings declared inside a private module. */
  @BindingAnnotation
  @Retention(RetentionPolicy.RUNTIME)
  public @interface InPrivateModule {}

  /** One module's recorded start bindings. */
  public record Declared(String module, ImmutableList<Binding<?>> bindings) {}

  private static final Key<Set<Declared>> SET = Key.get(new TypeLiteral<Set<Declared>>() {});
  private static final Key<Set<Declared>> PRIVATE_SET =
      Key.get(new TypeLiteral<Set<Declared>>() {}, InPrivateModule.class);

  private final ImmutableMap<Key<?>, Binding<?>> byKey;
  private final ImmutableList<String> problems;
  private final @Nullable Injector reservation;

  private StartBindings(
      ImmutableMap<Key<?>, Binding<?>> byKey,
      ImmutableList<String> problems,
      @Nullable Injector reservation) {
    this.byKey = byKey;
    this.problems = problems;
    this.reservation = reservation;
  }

  /** None: for an engine whose manifolds are built by hand. */
  public static StartBindings none() {
    return new StartBindings(ImmutableMap.of(), ImmutableList.of(), null);
  }

  /**
   * Records {@code module}'s elements for {@code binder}'s set. Returns the elements that are
   * neither bindings nor errors (which the caller reports as unsupported); errors are reported on
   * {@code binder} at their own sources.
   */
  public static List<Element> record(
      Binder binder, boolean inPrivateModule, String moduleName, List<Element> elements) {
    List<Binding<?>> bindings = new ArrayList<>();
    List<Element> unsupported = new ArrayList<>();
    for (Element element : elements) {
      if (element instanceof Binding<?> b) {
        bindings.add(b);
      } else if (element instanceof Message m) {
        binder.addError(m);
      } else {
        unsupported.add(element);
      }
    }
    Multibinder<Declared> set =
        inPrivateModule
            ? Multibinder.newSetBinder(binder, Declared.class, InPrivateModule.class)
            : Multibinder.newSetBinder(binder, Declared.class);
    set.addBinding().toInstance(new Declared(moduleName, ImmutableList.copyOf(bindings)));
    return unsupported;
  }

  /**
   * The start bindings the modules of {@code injector} declared (in the private module it belongs
   * to, if any), each key reserved against just-in-time binding in the application injector, and
   * every problem with them: a key bound twice per start, or also in the application injector.
   */
  public static StartBindings declaredIn(Injector injector) {
    List<Declared> declared = new ArrayList<>();
    for (Key<Set<Declared>> key : List.of(SET, PRIVATE_SET)) {
      Binding<Set<Declared>> binding = injector.getExistingBinding(key);
      if (binding != null && (key == SET || !(binding instanceof ExposedBinding))) {
        declared.addAll(binding.getProvider().get());
      }
    }
    Map<Key<?>, Binding<?>> byKey = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Declared d : declared) {
      for (Binding<?> b : d.bindings()) {
        Binding<?> earlier = byKey.putIfAbsent(b.getKey(), b);
        if (earlier != null) {
          problems.add(
              Keys.describe(b.getKey())
                  + " is bound per start twice"
                  + SourceLines.at(earlier.getSource())
                  + SourceLines.at(b.getSource()));
        } else {
          Binding<?> application = injector.getExistingBinding(b.getKey());
          if (application != null) {
            problems.add(
                Keys.describe(b.getKey())
                    + " is bound per start and in the application injector; bind it in one place"
                    + SourceLines.at(b.getSource())
                    + SourceLines.at(application.getSource()));
          }
        }
      }
    }
    Injector reservation = null;
    if (problems.isEmpty() && !byKey.isEmpty()) {
      try {
        reservation = injector.createChildInjector(binder -> reserve(binder, byKey.keySet()));
      } catch (CreationException e) {
        problems.add(
            "the keys bound per start "
                + Keys.describe(byKey.keySet())
                + " cannot be reserved in the application injector: "
                + e.getErrorMessages().iterator().next().getMessage());
      }
    }
    return new StartBindings(
        ImmutableMap.copyOf(byKey), ImmutableList.copyOf(problems), reservation);
  }

  @SuppressWarnings("unchecked")
  private static void reserve(Binder binder, Collection<Key<?>> keys) {
    for (Key<?> key : keys) {
      binder
          .bind((Key<Object>) key)
          .toProvider(
              () -> {
                throw new IllegalStateException(
                    Keys.describe(key) + " is bound per start; only workers can inject it");
              });
    }
  }

  /** The start binding of {@code key}, or null. */
  @Nullable Binding<?> get(Key<?> key) {
    return byKey.get(key);
  }

  /** The keys bound per start. */
  Set<Key<?>> keys() {
    return byKey.keySet();
  }

  /** What is wrong with these bindings; empty when nothing is. */
  public List<String> problems() {
    return problems;
  }

  /** Held so that the application injector never binds these keys just in time. */
  @Nullable Injector reservation() {
    return reservation;
  }
}
