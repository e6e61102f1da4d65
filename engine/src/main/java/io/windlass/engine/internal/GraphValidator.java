package io.windlass.engine.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Binder;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.windlass.engine.Manifold;
import io.windlass.engine.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks manifolds against each other and the application injector, collecting every problem:
 * duplicate names, keys exposed twice or already bound, workers that cannot be injected, unknown
 * inputs (for a module set) and dependency cycles. Also works out each manifold's inputs: the
 * explicit names plus the manifolds whose exposed keys its worker injects.
 */
public final class GraphValidator {

  /**
   * A manifold with its complete inputs and the exposed keys its worker injects. {@code
   * keyReservation} is a child injector of the application injector that binds the manifold's
   * exposed keys, held while the manifold is installed: Guice then never binds those keys just in
   * time in the application injector, which would make every later child injector that binds them
   * fail. Null when the manifold exposes nothing.
   *
   * <p>{@code childKeys} are the classes each start binds explicitly in its child injector: the
   * worker's own, and every class Guice would construct just in time on the way from the worker to
   * an exposed key. Left to Guice, a class whose only path to an exposed key is an optional
   * injection would be bound just in time in the application injector, which never binds the key,
   * and every later start would reuse that binding without the input.
   *
   * <p>{@code startKeys} are the keys bound per start ({@link StartBindings}) that the worker
   * needs, replayed into each start's child injector. {@code awaitedKeys}, for a manifold installed
   * at run time, are keys its worker needs that nothing binds or exposes yet: it does not start
   * until a manifold exposing them is installed, when it is analysed again.
   */
  public record Node(
      Manifold manifold,
      ImmutableSet<String> inputs,
      ImmutableMap<Key<?>, String> inferredKeys,
      ImmutableSet<Key<?>> requiredKeys,
      ImmutableSet<Key<?>> childKeys,
      ImmutableSet<Key<?>> startKeys,
      ImmutableSet<Key<?>> awaitedKeys,
      @Nullable Injector keyReservation) {
    public String name() {
      return manifold.name();
    }

    Node withReservation(@Nullable Injector reservation) {
      return new Node(
          manifold,
          inputs,
          inferredKeys,
          requiredKeys,
          childKeys,
          startKeys,
          awaitedKeys,
          reservation);
    }
  }

  /**
   * The validated new manifolds; the installed ones analysed again because a new manifold exposes a
   * key they awaited; and every problem found (empty when valid).
   */
  public record Result(
      ImmutableList<Node> added, ImmutableList<Node> updated, ImmutableList<String> problems) {}

  private static final Key<Resources> RESOURCES = Key.get(Resources.class);

  private GraphValidator() {}

  /**
   * Validates {@code added} alongside the {@code installed} ones.
   *
   * @param requireKnownInputs whether an input must be one of the manifolds here (true for a module
   *     set; at run time an input may be installed later)
   */
  public static Result validate(
      Injector injector,
      StartBindings startBindings,
      Collection<Node> installed,
      List<Manifold> added,
      boolean requireKnownInputs) {
    List<String> problems = new ArrayList<>();

    Map<String, Manifold> byName = new LinkedHashMap<>();
    installed.forEach(n -> byName.put(n.name(), n.manifold()));
    Set<String> installedNames = ImmutableSet.copyOf(byName.keySet());
    for (Manifold m : added) {
      Manifold earlier = byName.putIfAbsent(m.name(), m);
      if (earlier != null) {
        problems.add(
            installedNames.contains(m.name())
                ? "manifold \"" + m.name() + "\" is already installed" + at(m)
                : "manifold \"" + m.name() + "\" is declared twice" + at(earlier) + at(m));
      }
    }

    Map<Key<?>, Manifold> exposedBy = new LinkedHashMap<>();
    installed.forEach(
        n -> n.manifold().outputs().keySet().forEach(k -> exposedBy.put(k, n.manifold())));
    for (Manifold m : added) {
      for (Key<?> key : m.outputs().keySet()) {
        Manifold other = exposedBy.putIfAbsent(key, m);
        if (other != null && other != m) {
          problems.add(
              "manifolds \""
                  + other.name()
                  + "\" and \""
                  + m.name()
                  + "\" both expose "
                  + Keys.describe(key)
                  + "; tell them apart with a binding annotation"
                  + at(other)
                  + at(m));
        } else if (injector.getExistingBinding(key) != null) {
          problems.add(
              "manifold \""
                  + m.name()
                  + "\" exposes "
                  + Keys.describe(key)
                  + ", which the application injector already binds"
                  + at(m));
        }
      }
    }

    Manifold exposesResources = exposedBy.get(RESOURCES);
    if (exposesResources != null) {
      problems.add(
          "manifold \""
              + exposesResources.name()
              + "\" exposes "
              + RESOURCES.getTypeLiteral()
              + ", which the engine binds for every start"
              + at(exposesResources));
    }
    if (injector.getExistingBinding(RESOURCES) != null
        && added.stream().anyMatch(m -> m.worker() instanceof Manifold.InjectedWorker)) {
      problems.add(
          "the application injector binds "
              + RESOURCES.getTypeLiteral()
              + ", which the engine binds in every injected worker's child injector; remove"
              + " that binding");
    }

    for (Key<?> key : startBindings.keys()) {
      Manifold m = exposedBy.get(key);
      if (m != null && added.contains(m)) {
        problems.add(
            "manifold \""
                + m.name()
                + "\" exposes "
                + Keys.describe(key)
                + ", which is also bound per start"
                + SourceLines.at(startBindings.get(key).getSource())
                + at(m));
      }
    }

    Map<Key<?>, String> exposerNames = new LinkedHashMap<>();
    exposedBy.forEach((k, m) -> exposerNames.put(k, m.name()));
    InjectionAnalysis analysis =
        new InjectionAnalysis(injector, exposerNames, startBindings, !requireKnownInputs);
    List<Node> nodes = new ArrayList<>();
    for (Manifold m : added) {
      nodes.add(analyse(m, analysis, exposedBy, problems, null));
    }
    // Installed manifolds waiting for a key that a new manifold exposes: analysed again.
    Set<Key<?>> newlyExposed = new LinkedHashSet<>();
    added.forEach(m -> newlyExposed.addAll(m.outputs().keySet()));
    List<Node> updated = new ArrayList<>();
    for (Node n : installed) {
      if (n.awaitedKeys().stream().anyMatch(newlyExposed::contains)) {
        updated.add(analyse(n.manifold(), analysis, exposedBy, problems, n.keyReservation()));
      }
    }

    if (requireKnownInputs) {
      for (Node n : nodes) {
        for (String input : n.inputs()) {
          if (!byName.containsKey(input)) {
            problems.add(
                "manifold \""
                    + n.name()
                    + "\": input \""
                    + input
                    + "\" is not declared by any module"
                    + at(n.manifold()));
          }
        }
      }
    }

    Map<String, Node> graph = new LinkedHashMap<>();
    installed.forEach(n -> graph.put(n.name(), n));
    updated.forEach(n -> graph.put(n.name(), n));
    nodes.forEach(n -> graph.putIfAbsent(n.name(), n));
    Set<String> addedNames = new LinkedHashSet<>();
    nodes.forEach(n -> addedNames.add(n.name()));
    updated.forEach(n -> addedNames.add(n.name()));
    for (List<String> cycle : cycles(graph)) {
      if (cycle.stream().anyMatch(addedNames::contains)) {
        StringBuilder message = new StringBuilder("dependency cycle: ");
        message.append(String.join(" -> ", cycle)).append(" -> ").append(cycle.get(0));
        for (String name : cycle) {
          message.append(at(graph.get(name).manifold()));
        }
        problems.add(message.toString());
      }
    }
    if (problems.isEmpty()) {
      nodes = reserveExposedKeys(injector, nodes, problems);
    }
    return new Result(
        ImmutableList.copyOf(nodes), ImmutableList.copyOf(updated), ImmutableList.copyOf(problems));
  }

  /** A manifold with its inputs worked out: explicit, plus those its worker's injection implies. */
  private static Node analyse(
      Manifold m,
      InjectionAnalysis analysis,
      Map<Key<?>, Manifold> exposedBy,
      List<String> problems,
      @Nullable Injector reservation) {
    Set<String> inputs = new LinkedHashSet<>(m.inputs());
    Map<Key<?>, String> inferred = new LinkedHashMap<>();
    InjectionAnalysis.Result result = InjectionAnalysis.Result.of(List.of());
    if (m.worker() instanceof Manifold.InjectedWorker w) {
      result = analysis.analyse(w.key());
      for (String problem : result.problems()) {
        problems.add(
            "manifold \""
                + m.name()
                + "\": "
                + (problem.startsWith("its worker")
                    ? problem
                    : "worker " + Keys.describe(w.key()) + " cannot be injected: " + problem)
                + at(m));
      }
      for (Key<?> key : result.exposedKeys()) {
        String input = exposedBy.get(key).name();
        inferred.put(key, input);
        inputs.add(input);
      }
    }
    return new Node(
        m,
        ImmutableSet.copyOf(inputs),
        ImmutableMap.copyOf(inferred),
        result.requiredKeys(),
        result.childKeys(),
        result.startKeys(),
        result.awaitedKeys(),
        reservation);
  }

  private static List<Node> reserveExposedKeys(
      Injector injector, List<Node> nodes, List<String> problems) {
    List<Node> reserved = new ArrayList<>();
    for (Node n : nodes) {
      Manifold m = n.manifold();
      if (m.outputs().isEmpty()) {
        reserved.add(n);
        continue;
      }
      try {
        Injector reservation =
            injector.createChildInjector(
                binder -> {
                  for (Key<?> key : m.outputs().keySet()) {
                    bindReserved(binder, key, m.name());
                  }
                });
        reserved.add(n.withReservation(reservation));
      } catch (CreationException e) {
        problems.add(
            "manifold \""
                + m.name()
                + "\" exposes "
                + Keys.describe(m.outputs().keySet())
                + ", which the application injector already binds or has made just in time: "
                + e.getErrorMessages().iterator().next().getMessage()
                + at(m));
      }
    }
    return reserved;
  }

  @SuppressWarnings("unchecked")
  private static void bindReserved(Binder binder, Key<?> key, String manifold) {
    binder
        .bind((Key<Object>) key)
        .toProvider(
            () -> {
              throw new IllegalStateException(
                  Keys.describe(key)
                      + " is exposed by manifold \""
                      + manifold
                      + "\"; only its dependents' workers can inject it");
            });
  }

  /**
   * One cycle per strongly connected component that has one (Tarjan's algorithm), each starting
   * from its earliest-declared member; edges lead from a manifold to its inputs.
   */
  private static List<List<String>> cycles(Map<String, Node> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<Set<String>> components = new ArrayList<>();
    int[] counter = {0};
    for (String start : graph.keySet()) {
      if (!index.containsKey(start)) {
        strongConnect(start, graph, index, low, stack, onStack, components, counter);
      }
    }
    List<String> order = new ArrayList<>(graph.keySet());
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> component : components) {
      String first = order.stream().filter(component::contains).findFirst().orElseThrow();
      boolean selfLoop = graph.get(first).inputs().contains(first);
      if (component.size() > 1 || selfLoop) {
        cycles.add(selfLoop ? List.of(first) : pathBack(first, component, graph));
      }
    }
    cycles.sort((a, b) -> Integer.compare(order.indexOf(a.get(0)), order.indexOf(b.get(0))));
    return cycles;
  }

  // Iterative would avoid deep recursion, but graphs here are small (thousands at most).
  private static void strongConnect(
      String v,
      Map<String, Node> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> components,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : graph.get(v).inputs()) {
      if (!graph.containsKey(w)) {
        continue;
      }
      if (!index.containsKey(w)) {
        strongConnect(w, graph, index, low, stack, onStack, components, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new LinkedHashSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      components.add(component);
    }
  }

  /** A shortest path from {@code first} through its inputs back to itself, within a component. */
  private static List<String> pathBack(
      String first, Set<String> component, Map<String, Node> graph) {
    Map<String, @Nullable String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(first);
    parent.put(first, null);
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : graph.get(v).inputs()) {
        if (w.equals(first)) {
          List<String> path = new ArrayList<>();
          for (String at = v; at != null; at = parent.get(at)) {
            path.add(0, at);
          }
          return path;
        }
        if (component.contains(w) && !parent.containsKey(w)) {
          parent.put(w, v);
          queue.add(w);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + first + " in " + component);
  }

  /** The line where a manifold was declared in a module (see {@link SourceLines}), else "". */
  static String at(Manifold m) {
    return SourceLines.at(m.source());
  }
}
