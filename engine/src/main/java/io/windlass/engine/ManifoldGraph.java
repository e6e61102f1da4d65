package io.windlass.engine;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Key;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The manifold graph an engine was built with, resolved as the engine will run it: every manifold
 * with its complete inputs, explicit and inferred. {@link Engine#graph()} gives it as soon as the
 * engine is constructed (the module set validated), before anything starts, so a tool can draw or
 * check the graph without running a worker:
 *
 * <pre>{@code
 * Engine engine = Guice.createInjector(modules).getInstance(Engine.class); // validates, starts nothing
 * for (ManifoldGraph.Node node : engine.graph().nodes()) {
 *   System.out.println(node.name() + " <- " + node.inputs());
 * }
 * }</pre>
 *
 * <p>Edges lead from a manifold to its inputs, as in {@link ManifoldReport#inputs()}. The graph is
 * acyclic and every input names a node in it: the engine rejects any other module set.
 *
 * @param nodes every manifold, in the order the engine was given them (for a module set, the order
 *     of its modules and of the declarations in each)
 */
public record ManifoldGraph(List<Node> nodes) {

  /**
   * One manifold and what it needs.
   *
   * @param manifold the declaration: name, explicit inputs, worker, exposed keys
   * @param inputs every input: the explicit ones first, in declaration order, then the inferred
   *     ones in the order the worker's injection points were found
   * @param inferredKeys the exposed keys the worker injects, each with the manifold that exposes
   *     it; those manifolds are its inferred inputs. Empty for a start function, whose inputs are
   *     all explicit.
   */
  public record Node(Manifold manifold, Set<String> inputs, Map<Key<?>, String> inferredKeys) {

    /** Copies; {@code inputs} must contain every explicit input and every inferred one. */
    public Node {
      inputs = ImmutableSet.copyOf(inputs);
      inferredKeys = ImmutableMap.copyOf(inferredKeys);
      if (!inputs.containsAll(manifold.inputs()) || !inputs.containsAll(inferredKeys.values())) {
        throw new IllegalArgumentException(
            "manifold \""
                + manifold.name()
                + "\": inputs "
                + inputs
                + " must contain the explicit inputs "
                + manifold.inputs()
                + " and the inferred ones "
                + ImmutableSet.copyOf(inferredKeys.values()));
      }
    }

    public String name() {
      return manifold.name();
    }

    /** Whether {@code input} is written in the declaration (it may be inferred as well). */
    public boolean isExplicit(String input) {
      return manifold.inputs().contains(input);
    }

    /** Whether the worker injects a value {@code input} exposes (it may be explicit as well). */
    public boolean isInferred(String input) {
      return inferredKeys.containsValue(input);
    }

    /** The keys of {@code input} the worker injects, in the order they were found; may be empty. */
    public List<Key<?>> keysFrom(String input) {
      return inferredKeys.entrySet().stream()
          .filter(e -> e.getValue().equals(input))
          .<Key<?>>map(Map.Entry::getKey)
          .collect(ImmutableList.toImmutableList());
    }
  }

  /** Copies; names must be unique. */
  public ManifoldGraph {
    nodes = ImmutableList.copyOf(nodes);
    Set<String> names = new LinkedHashSet<>();
    for (Node node : nodes) {
      if (!names.add(node.name())) {
        throw new IllegalArgumentException("manifold \"" + node.name() + "\" appears twice");
      }
    }
  }

  /** The node named {@code name}, if there is one. */
  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The names of the manifolds that have {@code name} as an input, in node order. */
  public Set<String> dependents(String name) {
    return nodes.stream()
        .filter(n -> n.inputs().contains(name))
        .map(Node::name)
        .collect(ImmutableSet.toImmutableSet());
  }
}
