package io.windlass.it.embedding;

import java.util.Optional;

/** The host's key-value store, as the "store" manifold exposes it to its dependents. */
public interface Store {

  /** Sets {@code key} to {@code value}. */
  void put(String key, String value);

  /** The value of {@code key}, if set. */
  Optional<String> get(String key);
}
