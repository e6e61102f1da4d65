package io.windlass.engine.internal;

import com.google.inject.Binder;
import com.google.inject.Binding;
import com.google.inject.ConfigurationException;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Dependency;
import com.google.inject.spi.Element;
import com.google.inject.spi.HasDependencies;
import com.google.inject.spi.InjectionPoint;
import com.google.inject.spi.LinkedKeyBinding;
import com.google.inject.spi.UntargettedBinding;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one {@code ManifoldModule}, the bindings made in the application injector that inject a
 * key the module makes available only per start (a key one of its manifolds exposes, or one it
 * binds per start), and adds a Guice error at each saying why it cannot work and what to do. Guice
 * reports the missing binding itself; this says why it is missing. Only what one module declares is
 * checked, and only each binding's direct dependencies.
 */
public final class PerStartMisuse {
  private PerStartMisuse() {}

  /**
   * @param perStart each key available only per start, and why ("which manifold "x" exposes per
   *     start")
   * @param application the elements the module made in the application injector
   */
  public static void report(
      Binder binder,
      Class<?> module,
      Class<?> stopAt,
      Map<Key<?>, String> perStart,
      List<Element> application) {
    if (perStart.isEmpty()) {
      return;
    }
    for (Class<?> c = module; c != stopAt && c != null; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (!method.isAnnotationPresent(Provides.class)) {
          continue;
        }
        List<Dependency<?>> dependencies;
        try {
          dependencies =
              InjectionPoint.forMethod(method, TypeLiteral.get(module)).getDependencies();
        } catch (RuntimeException e) {
          continue; // Guice reports a malformed provider method itself.
        }
        for (Dependency<?> dependency : dependencies) {
          Key<?> key = InjectionAnalysis.unwrapProvider(dependency.getKey());
          String why = perStart.get(key);
          if (why != null) {
            binder
                .withSource(method)
                .addError(
                    "@Provides method %s.%s() needs %s, %s; the application injector, where this"
                        + " method is bound, cannot see it: declare the method in a module given to"
                        + " installPerStart(..)",
                    c.getName(), method.getName(), Keys.describe(key), why);
          }
        }
      }
    }
    for (Element element : application) {
      if (!(element instanceof Binding<?> binding)) {
        continue;
      }
      for (Key<?> key : directDependencies(binding)) {
        String why = perStart.get(key);
        if (why != null) {
          binder
              .withSource(binding.getSource())
              .addError(
                  "the binding of %s needs %s, %s; the application injector, where it is bound,"
                      + " cannot see it: make the binding in a module given to"
                      + " installPerStart(..)",
                  Keys.describe(binding.getKey()), Keys.describe(key), why);
        }
      }
    }
  }

  /** What a recorded binding injects directly: its provider's or instance's, or its class's. */
  private static List<Key<?>> directDependencies(Binding<?> binding) {
    List<Key<?>> keys = new ArrayList<>();
    TypeLiteral<?> constructed = null;
    if (binding instanceof LinkedKeyBinding<?> linked) {
      keys.add(linked.getLinkedKey());
      constructed = linked.getLinkedKey().getTypeLiteral();
    } else if (binding instanceof UntargettedBinding<?>) {
      constructed = binding.getKey().getTypeLiteral();
    } else if (binding instanceof HasDependencies withDependencies) {
      withDependencies.getDependencies().forEach(d -> keys.add(d.getKey()));
    }
    Class<?> raw = constructed == null ? null : constructed.getRawType();
    if (raw != null && !raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())) {
      try {
        InjectionPoint.forConstructorOf(constructed)
            .getDependencies()
            .forEach(d -> keys.add(d.getKey()));
        InjectionPoint.forInstanceMethodsAndFields(constructed)
            .forEach(p -> p.getDependencies().forEach(d -> keys.add(d.getKey())));
      } catch (ConfigurationException e) {
        // Guice reports a class it cannot construct itself.
      }
    }
    return keys.stream().map(InjectionAnalysis::unwrapProvider).toList();
  }
}
