package io.windlass.spool.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Gives every jqwik property the seed and the length of the build's fuzzing round, from system
 * properties the build sets:
 *
 * <ul>
 *   <li>{@value #SEED_PROPERTY}: the normal build sets a fixed seed, so its short round tries the
 *       same inputs every time; blank or absent (the {@code fuzz} profile) leaves jqwik to pick a
 *       random seed per property, which it prints with a failure. A seed written on a property
 *       itself wins.
 *   <li>{@value #SCALE_PROPERTY}: a property that sets its own tries (one whose tries are costly,
 *       such as a spool per try) runs that many times this factor (1 if absent). The others run
 *       jqwik's {@code jqwik.tries.default}, which the build sets beside these.
 * </ul>
 *
 * <p>Registered for every property of a module through {@code
 * META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class FuzzSettings implements AroundPropertyHook {

  /** The system property holding the seed. */
  public static final String SEED_PROPERTY = "windlass.fuzz.seed";

  /** The system property holding the factor on tries that a property sets itself. */
  public static final String SCALE_PROPERTY = "windlass.fuzz.scale";

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
    int scale = Integer.getInteger(SCALE_PROPERTY, 1);
    context
        .attributes()
        .tries()
        .ifPresent(
            tries ->
                context
                    .attributes()
                    .setTries((int) Math.min(Integer.MAX_VALUE, (long) tries * scale)));
    return property.execute();
  }
}
