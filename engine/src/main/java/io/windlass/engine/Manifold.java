package io.windlass.engine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.Service;
import com.google.inject.Key;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable declaration of one named worker: what it needs, how to make it, and what it gives
 * its dependents.
 *
 * <ul>
 *   <li>{@link #name()} — unique in the engine; letters, digits, {@code . _ -}.
 *   <li>{@link #inputs()} — the names written explicitly. The engine adds every manifold whose
 *       exposed key the worker injects; together they are the manifold's inputs. The worker starts
 *       only from a snapshot of its inputs, and is bounced whenever one of them starts or stops.
 *   <li>{@link #worker()} — either a worker type that Guice constructs per start in a child
 *       injector where each input's exposed values are bound, or a {@link StartFunction}.
 *   <li>{@link #outputs()} — the values it exposes, each a Guice {@link Key} and a function from
 *       the running worker to the value. Dependents receive them by injecting the key, or ask with
 *       {@link Resources#get}. A value may be null only for dependents that inject it at a
 *       {@code @Nullable} injection point; any other dependent's start fails with an error naming
 *       the key and this manifold.
 *   <li>{@link #filter()} — converts any error its start or worker ends with, before the engine
 *       decides what it means (signal, fatal, or restart).
 * </ul>
 *
 * <p>Declare manifolds in a {@link ManifoldModule}, or build one with {@link #builder(String)} to
 * {@linkplain ManifoldInstaller#install install} at run time.
 */
public final class Manifold {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** How a manifold's worker is made: a closed set of two. */
  public sealed interface WorkerSource permits InjectedWorker, FunctionWorker {}

  /** A worker Guice constructs per start from {@code key} in a child injector. */
  public record InjectedWorker(Key<? extends Service> key) implements WorkerSource {}

  /** A worker a {@link StartFunction} builds per start. */
  public record FunctionWorker(StartFunction<?> function) implements WorkerSource {}

  private final String name;
  private final ImmutableSet<String> inputs;
  private final WorkerSource worker;
  private final ImmutableMap<Key<?>, Function<Service, ?>> outputs;
  private final UnaryOperator<Throwable> filter;
  private final @Nullable Object source;
  private final @Nullable ManifoldClaim claim;

  private Manifold(Builder<?> b) {
    this.name = b.name;
    this.inputs = ImmutableSet.copyOf(b.inputs);
    this.worker =
        checkNotNull(b.worker, "manifold \"%s\" has no worker: call worker() or start()", name);
    this.outputs = ImmutableMap.copyOf(b.outputs);
    this.filter = b.filter;
    this.source = b.source;
    this.claim = b.claim;
  }

  /** Starts a declaration named {@code name}. */
  public static Builder<Service> builder(String name) {
    return new Builder<>(name);
  }

  public String name() {
    return name;
  }

  /** The inputs written explicitly; see the class description for inferred ones. */
  public Set<String> inputs() {
    return inputs;
  }

  public WorkerSource worker() {
    return worker;
  }

  /** Each exposed key and the function from the running worker to its value. */
  public Map<Key<?>, Function<Service, ?>> outputs() {
    return outputs;
  }

  public UnaryOperator<Throwable> filter() {
    return filter;
  }

  /** Where it was declared (a stack frame of a {@link ManifoldModule}), for messages; or null. */
  public @Nullable Object source() {
    return source;
  }

  /**
   * The name claim of a declaration made in a {@link ManifoldModule}; null for one built by hand.
   */
  @Nullable ManifoldClaim claim() {
    return claim;
  }

  @Override
  public String toString() {
    return "Manifold{" + name + (inputs.isEmpty() ? "" : " <- " + inputs) + "}";
  }

  /**
   * Builds a {@link Manifold}. The type parameter tracks the worker type so that output functions
   * can be method references on it.
   *
   * @param <W> the worker type, once {@link #worker} or {@link #start} has set it
   */
  public static final class Builder<W extends Service> {
    private final String name;
    private final Set<String> inputs = new LinkedHashSet<>();
    private @Nullable WorkerSource worker;
    private final Map<Key<?>, Function<Service, ?>> outputs = new LinkedHashMap<>();
    private UnaryOperator<Throwable> filter = UnaryOperator.identity();
    private @Nullable Object source;
    private @Nullable BiConsumer<String, Object> mistakes;
    private @Nullable ManifoldClaim claim;

    private Builder(String name) {
      checkNotNull(name, "manifold name");
      checkArgument(
          NAME.matcher(name).matches(),
          "manifold name \"%s\" must start with a letter or digit and contain only letters,"
              + " digits, '.', '_' and '-'",
          name);
      this.name = name;
    }

    /**
     * Adds explicit inputs: manifolds this one needs whether or not its worker injects them. An
     * injected worker is started only while they all run; a start function decides for itself (with
     * {@link Resources#require}).
     */
    public Builder<W> inputs(String... names) {
      for (String input : names) {
        if (!check(
            input != null && NAME.matcher(input).matches(),
            IllegalArgumentException::new,
            "manifold \"%s\": input name \"%s\" is not a valid manifold name",
            name,
            input)) {
          continue;
        }
        check(
            inputs.add(input),
            IllegalArgumentException::new,
            "manifold \"%s\": input \"%s\" is listed twice",
            name,
            input);
      }
      return this;
    }

    /** The worker is {@code type}, constructed by Guice for every start. */
    public <V extends W> Builder<V> worker(Class<V> type) {
      return worker(Key.get(type));
    }

    /** The worker is what Guice provides for {@code key}, asked for every start. */
    @SuppressWarnings("unchecked")
    public <V extends W> Builder<V> worker(Key<V> key) {
      if (check(key != null, NullPointerException::new, "manifold \"%s\": worker key", name)) {
        setWorker(new InjectedWorker(key));
      }
      return (Builder<V>) this;
    }

    /** The worker is built by {@code start} for every start, without injection. */
    @SuppressWarnings("unchecked")
    public <V extends W> Builder<V> start(StartFunction<V> start) {
      if (check(
          start != null, NullPointerException::new, "manifold \"%s\": start function", name)) {
        setWorker(new FunctionWorker(start));
      }
      return (Builder<V>) this;
    }

    private void setWorker(WorkerSource source) {
      if (check(
          worker == null,
          IllegalStateException::new,
          "manifold \"%s\": worker is already set; call worker() or start() once",
          name)) {
        worker = source;
      }
    }

    /** Exposes {@code output.apply(worker)} to dependents as {@code type}. */
    public <T> Builder<W> exposes(Class<T> type, Function<? super W, ? extends T> output) {
      return exposes(Key.get(type), output);
    }

    /** Exposes {@code output.apply(worker)} to dependents as {@code key}. */
    @SuppressWarnings("unchecked")
    public <T> Builder<W> exposes(Key<T> key, Function<? super W, ? extends T> output) {
      if (!check(key != null, NullPointerException::new, "manifold \"%s\": exposed key", name)
          || !check(
              output != null,
              NullPointerException::new,
              "manifold \"%s\": output function for %s",
              name,
              key)) {
        return this;
      }
      if (check(
          !outputs.containsKey(key),
          IllegalArgumentException::new,
          "manifold \"%s\" exposes %s twice",
          name,
          describe(key))) {
        outputs.put(key, (Function<Service, ?>) output);
      }
      return this;
    }

    /** Converts errors from this manifold's starts and workers; see {@link Manifold#filter()}. */
    public Builder<W> filter(UnaryOperator<Throwable> filter) {
      if (check(filter != null, NullPointerException::new, "manifold \"%s\": filter", name)) {
        this.filter = filter;
      }
      return this;
    }

    Builder<W> source(Object source) {
      this.source = source;
      return this;
    }

    String name() {
      return name;
    }

    Builder<W> claim(ManifoldClaim claim) {
      this.claim = claim;
      return this;
    }

    /**
     * Makes this builder record its mistakes with {@code mistakes} (the message, and the caller's
     * stack frame) and go on, rather than throw: a {@link ManifoldModule} reports each at its
     * declaring line, together with the module's other mistakes.
     */
    Builder<W> recordMistakes(BiConsumer<String, Object> mistakes) {
      this.mistakes = mistakes;
      return this;
    }

    /**
     * True if {@code ok}; otherwise throws the exception {@code type} makes from the message, or
     * records it when this builder {@linkplain #recordMistakes records mistakes}, and returns
     * false.
     */
    private boolean check(
        boolean ok,
        Function<String, RuntimeException> type,
        String template,
        @Nullable Object... args) {
      if (ok) {
        return true;
      }
      String message = Strings.lenientFormat(template, args);
      if (mistakes == null) {
        throw type.apply(message);
      }
      mistakes.accept(message, callerOutsideBuilder());
      return false;
    }

    /** {@code @Named("x") com.example.Foo}, as the engine's other messages name keys. */
    private static String describe(Key<?> key) {
      String type = key.getTypeLiteral().toString();
      if (key.getAnnotation() != null) {
        return key.getAnnotation() + " " + type;
      }
      if (key.getAnnotationType() != null) {
        return "@" + key.getAnnotationType().getName() + " " + type;
      }
      return type;
    }

    /** The frame that called into this builder, or the builder's own source if none is found. */
    private Object callerOutsideBuilder() {
      String self = Builder.class.getName();
      @Nullable StackTraceElement caller =
          StackWalker.getInstance()
              .walk(
                  frames ->
                      frames
                          .filter(f -> !f.getClassName().equals(self))
                          .findFirst()
                          .map(StackWalker.StackFrame::toStackTraceElement)
                          .orElse(null));
      if (caller != null) {
        return caller;
      }
      return source != null ? source : self;
    }

    /**
     * Builds the declaration.
     *
     * @throws NullPointerException if no worker was set
     */
    public Manifold build() {
      return new Manifold(this);
    }
  }
}
