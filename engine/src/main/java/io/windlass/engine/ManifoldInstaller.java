package io.windlass.engine;

import java.util.Collection;

/**
 * Installs and removes manifolds while the engine runs. The {@link Engine} is bound to this
 * interface, so a worker may inject it to extend its own process.
 */
public interface ManifoldInstaller {

  /**
   * Installs {@code manifold} and starts its worker once its inputs run. Its inputs need not be
   * installed yet: it waits for them. That holds for inferred inputs too: a worker that injects a
   * key that nothing binds and no installed manifold exposes waits (reported stopped, with a
   * missing-input error naming the key) until a manifold exposing it is installed, which then
   * becomes its input. Returns once the engine has accepted it.
   *
   * @throws ManifoldConfigurationException if the name is taken, it would close a dependency cycle,
   *     it exposes a key another manifold exposes, or its worker cannot be injected for another
   *     reason than a key not exposed yet
   * @throws IllegalStateException if the engine has not started, or is shutting down
   */
  void install(Manifold manifold);

  /**
   * Installs {@code manifolds} together, all or none, as Juju's {@code dependency.Install} does:
   * they are validated as one group (each may be an input of another), and a problem in any of them
   * installs none of them and reports every problem of the group, numbered, once. Inputs outside
   * the group need not be installed yet. Returns once the engine has accepted them.
   *
   * @throws ManifoldConfigurationException listing every problem of the group
   * @throws IllegalStateException if the engine has not started, or is shutting down
   */
  void install(Collection<Manifold> manifolds);

  /**
   * Stops {@code name}'s worker and removes the manifold; returns once it is gone. Its dependents
   * are bounced and then see a missing input.
   *
   * @throws IllegalArgumentException if no manifold of that name is installed
   * @throws IllegalStateException if the engine is shutting down
   */
  void uninstall(String name);
}
