package io.windlass.engine;

/**
 * Installs and removes manifolds while the engine runs. The {@link Engine} is bound to this
 * interface, so a worker may inject it to extend its own process.
 */
public interface ManifoldInstaller {

  /**
   * Installs {@code manifold} and starts its worker once its inputs run. Its inputs need not be
   * installed yet: it waits for them. Returns once the engine has accepted it.
   *
   * @throws ManifoldConfigurationException if the name is taken, it would close a dependency cycle,
   *     it exposes a key another manifold exposes, or its worker cannot be injected
   * @throws IllegalStateException if the engine has not started, or is shutting down
   */
  void install(Manifold manifold);

  /**
   * Stops {@code name}'s worker and removes the manifold; returns once it is gone. Its dependents
   * are bounced and then see a missing input.
   *
   * @throws IllegalArgumentException if no manifold of that name is installed
   * @throws IllegalStateException if the engine is shutting down
   */
  void uninstall(String name);
}
