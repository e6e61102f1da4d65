package io.windlass.spool.fuzz;

import java.util.function.Function;

/**
 * Runs a property: a check of every input a {@link Gen} draws, for a number of tries from a seed.
 * Each try draws its input from choices seeded by the run's seed, the property's name and the try's
 * number, and runs the check {@link Bounded} in time. On the first failure it shrinks the input
 * ({@link Shrinker}) and throws an {@link AssertionError} naming the property, the seed, the try
 * and the shrunk input ({@link InputText}), caused by the shrunk input's failure; running again
 * with {@code -Dfuzz.seed=<seed>} tries the same inputs.
 *
 * <pre>{@code
 * FuzzRun.forAll(Mutations.ofText(validLines())).check(line -> parse(line));
 * }</pre>
 */
public final class FuzzRun<T> {

  /** How many inputs shrinking may try. */
  static final int SHRINK_BUDGET = 10_000;

  private final Gen<T> gen;
  private final String name;
  private int tries;
  private long seed;

  private FuzzRun(Gen<T> gen, String name) {
    this.gen = gen;
    this.name = name;
    this.tries = FuzzSettings.tries();
    this.seed = FuzzSettings.seed();
  }

  /** A run over the inputs of {@code gen}, named after the calling test method. */
  public static <T> FuzzRun<T> forAll(Gen<T> gen) {
    String caller =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .filter(frame -> !frame.getClassName().equals(FuzzRun.class.getName()))
                        .findFirst()
                        .map(frame -> simpleName(frame.getClassName()) + "." + methodName(frame))
                        .orElse("property"));
    return new FuzzRun<>(gen, caller);
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** The method's name; for a lambda ({@code lambda$name$0}), the method it is in. */
  private static String methodName(StackWalker.StackFrame frame) {
    String name = frame.getMethodName();
    if (name.startsWith("lambda$")) {
      int end = name.indexOf('$', "lambda$".length());
      return name.substring("lambda$".length(), end < 0 ? name.length() : end);
    }
    return name;
  }

  /**
   * Sets the tries of a property whose tries are costly: {@code tries} times the build's {@value
   * FuzzSettings#SCALE_PROPERTY}, instead of its {@value FuzzSettings#TRIES_PROPERTY}.
   */
  public FuzzRun<T> tries(int tries) {
    this.tries = FuzzSettings.scaled(tries);
    return this;
  }

  /** Sets the seed, in place of the build's. */
  public FuzzRun<T> seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** A check of one input; it fails by throwing. */
  @FunctionalInterface
  public interface Property<T> {
    void check(T input) throws Exception;
  }

  /**
   * Checks {@code property} on the run's inputs.
   *
   * @throws AssertionError on the first input it fails on, shrunk, with the seed that replays it
   */
  public void check(Property<T> property) {
    if (FuzzSettings.fixedSeed().isEmpty()) {
      System.out.printf(
          "fuzz: %s: %d tries from seed %d (-D%s=%d replays them)%n",
          name, tries, seed, FuzzSettings.SEED_PROPERTY, seed);
    }
    int skipped = 0;
    for (int attempt = 1; attempt <= tries; attempt++) {
      Choices choices = Choices.random(seedOf(attempt));
      T input;
      try {
        input = gen.generate(choices);
      } catch (Gen.GaveUp e) {
        skipped++;
        continue;
      }
      Throwable failure = failureOf(property, input);
      if (failure != null) {
        throw report(property, attempt, choices.drawn(), input, failure);
      }
    }
    if (skipped == tries) {
      throw new AssertionError(
          name + ": no input could be drawn in " + tries + " tries (seed " + seed + ")");
    }
  }

  private long seedOf(int attempt) {
    long mixed = seed * 0x9E3779B97F4A7C15L + name.hashCode();
    return mixed * 0xBF58476D1CE4E5B9L + attempt;
  }

  private static <T> Throwable failureOf(Property<T> property, T input) {
    try {
      Bounded.run(() -> property.check(input));
      return null;
    } catch (Throwable failure) {
      return failure;
    }
  }

  private AssertionError report(
      Property<T> property, int attempt, long[] drawn, T original, Throwable originalFailure) {
    Object[] last = {original, originalFailure};
    Function<long[], long[]> stillFails =
        candidate -> {
          Choices replay = Choices.replay(candidate);
          T input;
          try {
            input = gen.generate(replay);
          } catch (Gen.GaveUp e) {
            return null;
          }
          Throwable failure = failureOf(property, input);
          if (failure == null) {
            return null;
          }
          last[0] = input;
          last[1] = failure;
          return replay.drawn();
        };
    Shrinker shrinker = new Shrinker(drawn, stillFails, SHRINK_BUDGET);
    long[] smallest = shrinker.shrink();
    // The last failing candidate is not always the smallest: replay the smallest once more.
    if (stillFails.apply(smallest) == null) {
      last[0] = original;
      last[1] = originalFailure;
    }
    Throwable failure = (Throwable) last[1];
    String message =
        String.format(
            "%s failed on try %d of %d, seed %d (replay: -D%s=%d)%n"
                + "shrunk input (%d steps): %s%n"
                + "original input: %s%n"
                + "failure: %s",
            name,
            attempt,
            tries,
            seed,
            FuzzSettings.SEED_PROPERTY,
            seed,
            shrinker.steps(),
            InputText.of(last[0]),
            InputText.of(original),
            failure);
    return new AssertionError(message, failure);
  }
}
