package io.windlass.engine.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.Service;
import com.google.inject.ConfigurationException;
import com.google.inject.ImplementedBy;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvidedBy;
import com.google.inject.ScopeAnnotation;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Dependency;
import com.google.inject.spi.InjectionPoint;
import io.windlass.engine.Resources;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a worker's Guice injection points, following classes Guice would construct just in time, to
 * find which manifold-exposed keys it needs (its inferred inputs) and what it needs that nothing
 * can provide. A key bound in the application injector is satisfied there and not followed: such a
 * binding cannot see manifold outputs.
 */
final class InjectionAnalysis {

  /**
   * What a worker needs: exposed keys it injects; those of them it cannot be built without
   * (injected directly, not through a provider or optionally); the classes, the worker's among
   * them, that Guice constructs just in time and that inject an exposed key, directly or through
   * another such class (see {@link GraphValidator.Node#childKeys()}); and why it cannot be
   * injected, if it can't.
   */
  record Result(
      ImmutableSet<Key<?>> exposedKeys,
      ImmutableSet<Key<?>> requiredKeys,
      ImmutableSet<Key<?>> childKeys,
      ImmutableList<String> problems) {}

  private static final Key<Resources> RESOURCES = Key.get(Resources.class);

  private final Injector injector;
  private final Set<Key<?>> exposed;

  InjectionAnalysis(Injector injector, Set<Key<?>> exposed) {
    this.injector = injector;
    this.exposed = exposed;
  }

  Result analyse(Key<? extends Service> workerKey) {
    List<String> problems = new ArrayList<>();
    var existing = injector.getExistingBinding(workerKey);
    if (existing != null) {
      if (Scopes.isSingleton(existing)) {
        problems.add(
            "its worker "
                + Keys.describe(workerKey)
                + " is bound as a singleton; workers are single-use, so leave the worker"
                + " unscoped");
      }
      return new Result(
          ImmutableSet.of(), ImmutableSet.of(), ImmutableSet.of(), ImmutableList.copyOf(problems));
    }
    if (workerKey.getAnnotationType() != null) {
      // Guice constructs no annotated key just in time.
      problems.add(noBinding(workerKey, null, "nothing binds it"));
      return new Result(
          ImmutableSet.of(), ImmutableSet.of(), ImmutableSet.of(), ImmutableList.copyOf(problems));
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
    Walk walk = new Walk(problems);
    walk.childKeys.add(workerKey);
    visitInjectionPoints(workerKey, null, false, false, walk);
    return new Result(
        ImmutableSet.copyOf(walk.found),
        ImmutableSet.copyOf(walk.required),
        ImmutableSet.copyOf(walk.childKeys),
        ImmutableList.copyOf(problems));
  }

  /** What one analysis has found so far. */
  private static final class Walk {
    final Set<Key<?>> seen = new HashSet<>();
    final Set<Key<?>> found = new LinkedHashSet<>();
    final Set<Key<?>> required = new LinkedHashSet<>();
    final Set<Key<?>> childKeys = new LinkedHashSet<>();
    final List<String> problems;

    Walk(List<String> problems) {
      this.problems = problems;
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
    if (exposed.contains(key)) {
      walk.found.add(key);
      if (!deferred) {
        walk.required.add(key);
      }
      return true;
    }
    if (key.equals(RESOURCES) || injector.getExistingBinding(key) != null) {
      return false;
    }
    if (!walk.seen.add(key)) {
      return walk.childKeys.contains(key);
    }
    if (key.getAnnotationType() != null) {
      if (!optional) {
        walk.problems.add(noBinding(key, via, "nothing binds or exposes it"));
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
        walk.problems.add(noBinding(key, via, "nothing binds or exposes it"));
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
        walk.problems.add(noBinding(key, via, "Guice cannot construct it: " + firstLine(why)));
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

  private static Key<?> unwrapProvider(Key<?> key) {
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
