package io.windlass.engine;

import com.google.inject.Inject;
import com.google.inject.Key;
import com.google.inject.name.Names;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ManifoldModule}'s claim to a manifold name, bound at {@link #key(String)} next to the
 * declaration itself. It is what lets {@code Modules.override} replace a manifold by name:
 *
 * <ul>
 *   <li>two modules composed normally both bind the key; the claims are equal (by name), so Guice
 *       keeps one binding without complaint, but injects the members of both, so both are {@link
 *       #bound()} and the engine reports the name as declared twice;
 *   <li>under {@code Modules.override}, the base module's binding of the key is dropped before
 *       Guice sees it, so the base claim is never injected and the engine drops that declaration.
 * </ul>
 *
 * <p>Guice injects instance bindings before it builds eager singletons such as the {@link Engine},
 * so the engine normally sees every claim settled. One built earlier (because an instance binding
 * injects it) sees no claim bound yet; it then keeps every declaration, so an override is reported
 * as a duplicate rather than a duplicate passing as an override. {@code ManifoldOverrideTest} pins
 * this behaviour of Guice.
 */
final class ManifoldClaim {
  private final String name;
  private volatile boolean bound;

  ManifoldClaim(String name) {
    this.name = name;
  }

  static Key<ManifoldClaim> key(String name) {
    return Key.get(ManifoldClaim.class, Names.named(name));
  }

  /** Called by Guice when the claim's binding is part of the injector. */
  @Inject
  void bind() {
    bound = true;
  }

  /** True once Guice has injected this claim: its binding was not overridden. */
  boolean bound() {
    return bound;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ManifoldClaim other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "ManifoldClaim{" + name + "}";
  }
}
