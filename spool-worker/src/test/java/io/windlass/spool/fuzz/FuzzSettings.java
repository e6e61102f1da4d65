package io.windlass.spool.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Gives every jqwik property the seed of the build, from the system property {@value
 * #SEED_PROPERTY}: the normal build sets a fixed one, so its short round of fuzzing tries the same
 * inputs every time; blank or absent (the {@code fuzz} profile) leaves jqwik to pick a random seed
 * per property, which it prints with a failure. A seed written on a property itself wins.
 *
 * <p>Registered for every property of a module through {@code
 * META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}. The tries per property are jqwik's own
 * {@code jqwik.tries.default}, which the build sets the same way.
 */
public final class FuzzSettings implements AroundPropertyHook {

  /** The system property holding the seed. */
  public static final String SEED_PROPERTY = "windlass.fuzz.seed";

  /** The tag of the fuzzing properties, which the {@code fuzz} profile runs alone. */
  public static final String TAG = "fuzz";

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    String seed = System.getProperty(SEED_PROPERTY, "").strip();
    if (!seed.isEmpty() && context.attributes().seed().isEmpty()) {
      context.attributes().setSeed(seed);
    }
    return property.execute();
  }
}
