package io.windlass.engine.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.Service;
import com.google.inject.Binding;
import com.google.inject.ConfigurationException;
import com.google.inject.ImplementedBy;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvidedBy;
import com.google.inject.ScopeAnnotation;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.ConstructorBinding;
import com.google.inject.spi.Dependency;
import com.google.inject.spi.HasDependencies;
import com.google.inject.spi.InjectionPoint;
import com.google.inject.spi.LinkedKeyBinding;
import com.google.inject.spi.ProviderKeyBinding;
import com.google.inject.spi.UntargettedBinding;
import io.windlass.engine.Resources;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a worker's Guice injection points to find which manifold-exposed keys it needs (its
 * inferred inputs) and what it needs that nothing can provide. It follows classes Guice would
 * construct just in time and the bindings made per start ({@link StartBindings}: linked targets,
 * provider methods' parameters, constructors), transitively. A key bound in the application
 * injector is satisfied there; its binding is followed only to find a path to a per-start value,
 * which the application injector cannot see (a problem).
 */
final class InjectionAnalysis {

  /**
   * What a worker needs: exposed keys it injects; those of them it cannot be built without
   * (injected directly, not through a provider or optionally); the classes, the worker's among
   * them, that Guice constructs just in time and that inject an exposed key, directly or through
   * another such class (see {@link GraphValidator.Node#childKeys()}); the keys bound per start it
   * needs; at run time, the keys nothing binds or exposes yet, which it waits for; and why it
   * cannot be injected, if it can't.
   */
  record Result(
      ImmutableSet<Key<?>> exposedKeys,
      ImmutableSet<Key<?>> requiredKeys,
      ImmutableSet<Key<?>> childKeys,
      ImmutableSet<Key<?>> startKeys,
      ImmutableSet<Key<?>> awaitedKeys,
      ImmutableList<String> problems) {

    static Result of(List<String> problems) {
      return new Result(
          ImmutableSet.of(),
          ImmutableSet.of(),
          ImmutableSet.of(),
          ImmutableSet.of(),
          ImmutableSet.of(),
          ImmutableList.copyOf(problems));
    }
  }

  private static final Key<Resources> RESOURCES = Key.get(Resources.class);

  private final Injector injector;
  private final Map<Key<?>, String> exposedBy;
  private final StartBindings startBindings;
  private final boolean awaitUnknown;
  // Application bindings already followed: the per-start key each leads to, or NONE.
  private final Map<Key<?>, Key<?>> applicationPaths = new HashMap<>();
  private static final Key<?> NONE = Key.get(Void.class);

  /**
   * @param exposedBy each exposed key and the name of the manifold that exposes it
   * @param awaitUnknown whether a key that nothing binds or exposes may be exposed later (a runtime
   *     install): the worker then waits for it rather than being a problem
   */
  InjectionAnalysis(
      Injector injector,
      Map<Key<?>, String> exposedBy,
      StartBindings startBindings,
      boolean awaitUnknown) {
    this.injector = injector;
    this.exposedBy = exposedBy;
    this.startBindings = startBindings;
    this.awaitUnknown = awaitUnknown;
  }

  Result analyse(Key<? extends Service> workerKey) {
    List<String> problems = new ArrayList<>();
    Binding<?> startBinding = startBindings.get(workerKey);
    if (startBinding != null) {
      Walk walk = new Walk(problems, workerKey);
      walk.startKeys.add(workerKey);
      walk.seen.add(workerKey);
      visitBinding(startBinding, false, false, walk);
      return walk.result();
    }
    var existing = injector.getExistingBinding(workerKey);
    if (existing != null) {
      if (Scopes.isSingleton(existing)) {
        problems.add(
            "its worker "
                + Keys.describe(workerKey)
                + " is bound as a singleton; workers are single-use, so leave the worker"
                + " unscoped");
      }
      Walk walk = new Walk(problems, workerKey);
      checkApplicationBinding(workerKey, existing, null, walk);
      return walk.result();
    }
    if (workerKey.getAnnotationType() != null) {
      // Guice constructs no annotated key just in time.
      problems.add(noBinding(workerKey, null, "nothing binds it"));
      return Result.of(problems);
    }
    Class<?> raw = workerKey.getTypeLiteral().getRawType();
    for (Annotation a : raw.getAnnotations()) {
      Class<? extends Annotation> type = a.annotationType();
      if (type.isAnnotationPresent(ScopeAnnotation.class)
          || type.isAnnotationPresent(jakarta.inject.Scope.class)) {
        problems.add(
            "its worker "
                + raw.getName()
                + " is annotated @"
                + type.getSimpleName()
                + "; workers are single-use, so leave the worker class unscoped");
      }
    }
    Walk walk = new Walk(problems, workerKey);
    walk.childKeys.add(workerKey);
    visitInjectionPoints(workerKey, null, false, false, walk);
    return walk.result();
  }

  /** What one analysis has found so far. */
  private static final class Walk {
    final Set<Key<?>> seen = new HashSet<>();
    final Set<Key<?>> found = new LinkedHashSet<>();
    final Set<Key<?>> required = new LinkedHashSet<>();
    final Set<Key<?>> childKeys = new LinkedHashSet<>();
    final Set<Key<?>> startKeys = new LinkedHashSet<>();
    final Set<Key<?>> awaited = new LinkedHashSet<>();
    final List<String> problems;
    final Key<?> worker;

    Walk(List<String> problems, Key<?> worker) {
      this.problems = problems;
      this.worker = worker;
    }

    Result result() {
      return new Result(
          ImmutableSet.copyOf(found),
          ImmutableSet.copyOf(required),
          ImmutableSet.copyOf(childKeys),
          ImmutableSet.copyOf(startKeys),
          ImmutableSet.copyOf(awaited),
          ImmutableList.copyOf(problems));
    }
  }

  /**
   * Returns true if {@code requested} is an exposed key or a class in {@code childKeys}.
   *
   * @param optional whether a missing binding is acceptable (optional injection, nullable)
   * @param lazy whether the worker can be built without the value: it is asked for later, through a
   *     provider, or injected optionally
   */
  private boolean visit(
      Key<?> requested, @Nullable Dependency<?> via, boolean optional, boolean lazy, Walk walk) {
    Key<?> key = unwrapProvider(requested);
    boolean deferred = lazy || optional || key != requested;
    if (exposedBy.containsKey(key)) {
      walk.found.add(key);
      if (!deferred) {
        walk.required.add(key);
      }
      return true;
    }
    if (key.equals(RESOURCES)) {
      return false;
    }
    Binding<?> startBinding = startBindings.get(key);
    if (startBinding != null) {
      walk.startKeys.add(key);
      if (walk.seen.add(key)) {
        visitBinding(startBinding, optional, deferred, walk);
      }
      return true;
    }
    Binding<?> existing = injector.getExistingBinding(key);
    if (existing != null) {
      if (!optional) {
        checkApplicationBinding(key, existing, via, walk);
      }
      return false;
    }
    if (!walk.seen.add(key)) {
      return walk.childKeys.contains(key) || walk.awaited.contains(key);
    }
    if (key.getAnnotationType() != null) {
      if (!optional) {
        return unknown(key, via, "nothing binds or exposes it", walk);
      }
      return false;
    }
    Class<?> raw = key.getTypeLiteral().getRawType();
    ImplementedBy implementedBy = raw.getAnnotation(ImplementedBy.class);
    if (implementedBy != null) {
      return visit(Key.get(implementedBy.value()), via, optional, deferred, walk);
    }
    if (raw.isAnnotationPresent(ProvidedBy.class)) {
      return false;
    }
    if (raw.isInterface()
        || Modifier.isAbstract(raw.getModifiers())
        || raw.isPrimitive()
        || raw.isArray()) {
      if (!optional) {
        return unknown(key, via, "nothing binds or exposes it", walk);
      }
      return false;
    }
    if (visitInjectionPoints(key, via, optional, deferred, walk)) {
      walk.childKeys.add(key);
      return true;
    }
    return false;
  }

  /**
   * Follows the constructor and members Guice would inject to build {@code key} just in time;
   * returns true if any of them leads to an exposed key.
   */
  private boolean visitInjectionPoints(
      Key<?> key, @Nullable Dependency<?> via, boolean optional, boolean lazy, Walk walk) {
    TypeLiteral<?> type = key.getTypeLiteral();
    List<InjectionPoint> points = new ArrayList<>();
    try {
      points.add(InjectionPoint.forConstructorOf(type));
      points.addAll(InjectionPoint.forInstanceMethodsAndFields(type));
    } catch (ConfigurationException e) {
      if (!optional) {
        String why = e.getErrorMessages().iterator().next().getMessage();
        return unknown(key, via, "Guice cannot construct it: " + firstLine(why), walk);
      }
      return false;
    }
    boolean reachesExposed = false;
    for (InjectionPoint point : points) {
      for (Dependency<?> dependency : point.getDependencies()) {
        boolean mayBeMissing = optional || point.isOptional() || dependency.isNullable();
        reachesExposed |= visit(dependency.getKey(), dependency, mayBeMissing, lazy, walk);
      }
    }
    return reachesExposed;
  }

  /**
   * A key nothing binds or exposes: a problem, or at run time (other than the worker itself) a key
   * that a manifold installed later may expose, which the worker waits for. Returns true if
   * awaited.
   */
  private boolean unknown(Key<?> key, @Nullable Dependency<?> via, String why, Walk walk) {
    if (awaitUnknown && !key.equals(walk.worker)) {
      walk.awaited.add(key);
      return true;
    }
    walk.problems.add(noBinding(key, via, why));
    return false;
  }

  /** Follows a start binding to what it needs: its target, or its dependencies. */
  private void visitBinding(Binding<?> binding, boolean optional, boolean lazy, Walk walk) {
    if (binding instanceof LinkedKeyBinding<?> linked) {
      visit(linked.getLinkedKey(), null, optional, lazy, walk);
    } else if (binding instanceof ProviderKeyBinding<?> provider) {
      visit(provider.getProviderKey(), null, optional, lazy, walk);
    } else if (binding instanceof UntargettedBinding<?>) {
      visitInjectionPoints(binding.getKey(), null, optional, lazy, walk);
    } else if (binding instanceof HasDependencies withDependencies) {
      for (Dependency<?> dependency : withDependencies.getDependencies()) {
        InjectionPoint point = dependency.getInjectionPoint();
        boolean mayBeMissing =
            optional || dependency.isNullable() || (point != null && point.isOptional());
        visit(dependency.getKey(), dependency, mayBeMissing, lazy, walk);
      }
    }
  }

  /**
   * A problem if {@code binding}, in the application injector, leads to a value that exists only
   * per start (an exposed key, or a start binding): the application injector cannot see it.
   */
  private void checkApplicationBinding(
      Key<?> key, Binding<?> binding, @Nullable Dependency<?> via, Walk walk) {
    Key<?> perStart = applicationPath(binding);
    if (perStart == null) {
      return;
    }
    String exposer = exposedBy.get(perStart);
    String out =
        "it needs "
            + Keys.describe(key)
            + ", bound in the application injector, whose binding leads to "
            + Keys.describe(perStart)
            + (exposer != null
                ? ", which manifold \"" + exposer + "\" exposes per start"
                : ", which is bound per start")
            + "; the application injector cannot see per-start values: bind "
            + Keys.describe(key)
            + " per start (ManifoldModule.installPerStart) instead"
            + SourceLines.at(binding.getSource());
    walk.problems.add(out);
  }

  /**
   * The first per-start key (exposed, or bound per start) that an application binding leads to
   * through its dependencies and linked targets, or null. Memoised across workers.
   */
  private @Nullable Key<?> applicationPath(Binding<?> binding) {
    Key<?> key = binding.getKey();
    Key<?> known = applicationPaths.get(key);
    if (known != null) {
      return known == NONE ? null : known;
    }
    applicationPaths.put(key, NONE); // a cycle through this binding leads nowhere new
    List<Key<?>> next = new ArrayList<>();
    if (binding instanceof LinkedKeyBinding<?> linked) {
      next.add(linked.getLinkedKey());
    } else if (binding instanceof ProviderKeyBinding<?> provider) {
      next.add(provider.getProviderKey());
    }
    if (binding instanceof ConstructorBinding<?> constructor) {
      // Its dependencies leave out optional members Guice could not inject: exactly those.
      constructor.getConstructor().getDependencies().forEach(d -> next.add(d.getKey()));
      try {
        InjectionPoint.forInstanceMethodsAndFields(constructor.getConstructor().getDeclaringType())
            .forEach(p -> p.getDependencies().forEach(d -> next.add(d.getKey())));
      } catch (ConfigurationException e) {
        // Guice has constructed it; nothing more to learn.
      }
    } else if (binding instanceof HasDependencies withDependencies) {
      withDependencies.getDependencies().forEach(d -> next.add(d.getKey()));
    }
    Key<?> found = null;
    for (Key<?> requested : next) {
      Key<?> dependency = unwrapProvider(requested);
      if (exposedBy.containsKey(dependency) || startBindings.get(dependency) != null) {
        found = dependency;
        break;
      }
      Binding<?> further = injector.getExistingBinding(dependency);
      if (further != null && further != binding) {
        found = applicationPath(further);
        if (found != null) {
          break;
        }
      }
    }
    applicationPaths.put(key, found == null ? NONE : found);
    return found;
  }

  /**
   * The key a {@code Provider<T>} key provides ({@code T}, same annotation); others as they are.
   */
  static Key<?> unwrapProvider(Key<?> key) {
    Class<?> raw = key.getTypeLiteral().getRawType();
    if ((raw == com.google.inject.Provider.class || raw == jakarta.inject.Provider.class)
        && key.getTypeLiteral().getType() instanceof ParameterizedType p) {
      Key<?> provided = Key.get(p.getActualTypeArguments()[0]);
      if (key.getAnnotation() != null) {
        return provided.withAnnotation(key.getAnnotation());
      }
      return key.getAnnotationType() != null
          ? provided.withAnnotation(key.getAnnotationType())
          : provided;
    }
    return key;
  }

  private static String noBinding(Key<?> key, @Nullable Dependency<?> via, String why) {
    StringBuilder out = new StringBuilder("no binding for ").append(Keys.describe(key));
    if (via != null && via.getInjectionPoint() != null) {
      var member = via.getInjectionPoint().getMember();
      out.append(", needed by ")
          .append(member.getDeclaringClass().getName())
          .append('.')
          .append(member instanceof java.lang.reflect.Constructor ? "<init>" : member.getName());
      if (via.getParameterIndex() >= 0) {
        out.append(" parameter ").append(via.getParameterIndex());
      }
    }
    return out.append(" (").append(why).append(')').toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
