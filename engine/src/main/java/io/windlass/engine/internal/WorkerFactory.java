package io.windlass.engine.internal;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import io.windlass.engine.EngineSignal;
import io.windlass.engine.Manifold;
import io.windlass.engine.MissingInputException;
import io.windlass.engine.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one start on a start thread: makes the worker (in a fresh child injector, or with the start
 * function), then starts it and reports its lifecycle to the loop as events.
 */
final class WorkerFactory {
  /** How Guice's message names its error for null injected where null is not allowed. */
  private static final String NULL_INTO_NON_NULLABLE = "[Guice/NullInjectedIntoNonNullable]";

  private final Injector injector;
  private final StartBindings startBindings;
  private final Consumer<LoopEvent> post;
  private final Runnable startAsyncEntered;
  private final Runnable startAsyncReturned;

  /**
   * {@code startAsyncEntered} and {@code startAsyncReturned} bracket each call to a new worker's
   * {@code startAsync}, which may dispatch that worker's listener events for longer than it takes
   * the loop to handle them.
   */
  WorkerFactory(
      Injector injector,
      StartBindings startBindings,
      Consumer<LoopEvent> post,
      Runnable startAsyncEntered,
      Runnable startAsyncReturned) {
    this.injector = injector;
    this.startBindings = startBindings;
    this.post = post;
    this.startAsyncEntered = startAsyncEntered;
    this.startAsyncReturned = startAsyncReturned;
  }

  /** The start task for {@code ticket}; runs off the loop. */
  void start(StartTicket ticket, GraphValidator.Node node) {
    Manifold manifold = node.manifold();
    if (!ticket.enter()) {
      post.accept(new LoopEvent.WorkerEnded(ticket, null));
      return;
    }
    Service worker = null;
    Throwable failure = null;
    try {
      worker = create(ticket.resources, node);
      if (worker == null) {
        failure =
            new IllegalStateException(
                "manifold \"" + manifold.name() + "\": the start returned no worker");
      } else if (worker.state() != Service.State.NEW) {
        failure =
            new IllegalStateException(
                "manifold \""
                    + manifold.name()
                    + "\": the start returned a worker in state "
                    + worker.state()
                    + "; workers are single-use, so every start must return a new service"
                    + " (is the worker class scoped, or an instance shared?)");
        worker = null;
      }
    } catch (Throwable t) {
      failure = unwrap(t);
    }
    if (worker != null) {
      // Attached before exit() publishes the worker to abort(), so that whoever stops it, its end
      // is reported.
      worker.addListener(new WorkerListener(ticket), directExecutor());
    }
    boolean live = ticket.exit(worker);
    if (failure != null || !live || worker == null) {
      // Not started, and now never will be: nothing else reports this attempt's end.
      post.accept(new LoopEvent.WorkerEnded(ticket, failure));
      return;
    }
    startAsyncEntered.run();
    try {
      worker.startAsync();
    } catch (IllegalStateException stoppedMeanwhile) {
      // Aborted between exit() and here: the abort stopped it, and the listener reports that.
    } catch (RuntimeException | Error e) {
      // A Service not built on Guava's AbstractService may throw here without notifying.
      post.accept(new LoopEvent.WorkerEnded(ticket, e));
    } finally {
      startAsyncReturned.run();
    }
  }

  private @Nullable Service create(SnapshotResources resources, GraphValidator.Node node)
      throws Exception {
    Manifold manifold = node.manifold();
    if (manifold.worker() instanceof Manifold.FunctionWorker f) {
      return f.function().start(resources);
    }
    if (!node.awaitedKeys().isEmpty()) {
      throw new MissingInputException(
          "manifold \""
              + manifold.name()
              + "\": no installed manifold exposes "
              + Keys.describe(node.awaitedKeys())
              + ", which its worker injects");
    }
    Map<Key<?>, String> inferredKeys = node.inferredKeys();
    // An injected worker starts once its explicit inputs run; and one that injects an input's
    // value directly cannot be built before that input runs: say so without building a child
    // injector only to have it fail.
    for (String input : manifold.inputs()) {
      resources.require(input);
    }
    for (Key<?> required : node.requiredKeys()) {
      resources.require(inferredKeys.get(required));
    }
    Key<? extends Service> key = ((Manifold.InjectedWorker) manifold.worker()).key();
    InputBindings bindings =
        new InputBindings(injector, resources, inferredKeys, node.childKeys(), startBindings(node));
    try {
      return injector.createChildInjector(bindings).getInstance(key);
    } catch (ProvisionException e) {
      Map<Key<?>, String> nulls = bindings.nullOutputs();
      if (nulls.isEmpty() || !isNullIntoNonNullable(e)) {
        throw e;
      }
      throw new IllegalStateException(nullOutputMessage(manifold, nulls), e);
    }
  }

  /** The start bindings {@code node}'s worker needs, to replay in its child injector. */
  private List<Binding<?>> startBindings(GraphValidator.Node node) {
    List<Binding<?>> needed = new ArrayList<>();
    for (Key<?> key : node.startKeys()) {
      Binding<?> binding = startBindings.get(key);
      if (binding != null) {
        needed.add(binding);
      }
    }
    return needed;
  }

  /** Guice's error for null given to an injection point that is not {@code @Nullable}. */
  private static boolean isNullIntoNonNullable(ProvisionException e) {
    String message = e.getMessage();
    return message != null && message.contains(NULL_INTO_NON_NULLABLE);
  }

  private static String nullOutputMessage(Manifold manifold, Map<Key<?>, String> nulls) {
    StringBuilder message = new StringBuilder("manifold \"").append(manifold.name()).append("\": ");
    String sep = "";
    for (Map.Entry<Key<?>, String> entry : nulls.entrySet()) {
      message
          .append(sep)
          .append("manifold \"")
          .append(entry.getValue())
          .append("\" exposed null as ")
          .append(Keys.describe(entry.getKey()));
      sep = ", and ";
    }
    return message
        .append(" (its output function returned null), and the worker injects it where null is")
        .append(" not allowed; return a value, or mark the injection point @Nullable")
        .toString();
  }

  /** Guice wraps what a provider or constructor throws; the engine wants the thrown error. */
  private static Throwable unwrap(Throwable t) {
    while (t instanceof ProvisionException p) {
      if (p.getCause() != null) {
        t = p.getCause();
        continue;
      }
      // Several errors: a signal among them (an input not running, say) is what counts.
      for (var message : p.getErrorMessages()) {
        if (message.getCause() instanceof EngineSignal signal) {
          return signal;
        }
      }
      return t;
    }
    return t;
  }

  /**
   * Binds exactly the inputs' exposed values, read lazily from the start's snapshot, and the
   * classes Guice must construct here rather than in the application injector.
   */
  private static final class InputBindings extends AbstractModule {
    private final Injector parent;
    private final SnapshotResources resources;
    private final Map<Key<?>, String> inferredKeys;
    private final Set<Key<?>> childKeys;
    private final List<Binding<?>> startBindings;
    private final Map<Key<?>, String> nullOutputs =
        Collections.synchronizedMap(new LinkedHashMap<>());

    InputBindings(
        Injector parent,
        SnapshotResources resources,
        Map<Key<?>, String> inferredKeys,
        Set<Key<?>> childKeys,
        List<Binding<?>> startBindings) {
      this.parent = parent;
      this.resources = resources;
      this.inferredKeys = inferredKeys;
      this.childKeys = childKeys;
      this.startBindings = startBindings;
    }

    @Override
    protected void configure() {
      bind(Resources.class).toInstance(resources);
      Set<Key<?>> bound = new HashSet<>();
      resources
          .snapshot()
          .forEach(
              (input, snapshot) -> {
                if (snapshot.manifold() != null) {
                  for (Key<?> key : snapshot.manifold().outputs().keySet()) {
                    if (bound.add(key)) {
                      bindOutput(key, input);
                    }
                  }
                }
              });
      // A key the worker injects from an input that is not installed right now.
      inferredKeys.forEach(
          (key, input) -> {
            if (bound.add(key)) {
              bindOutput(key, input);
            }
          });
      // Bound per start: the application injector has no binding of these keys.
      for (Binding<?> binding : startBindings) {
        binding.applyTo(binder());
        bound.add(binding.getKey());
      }
      // Constructed here, where the inputs are bound (see GraphValidator.Node#childKeys).
      for (Key<?> key : childKeys) {
        if (!bound.contains(key)
            && key.getAnnotationType() == null
            && parent.getExistingBinding(key) == null) {
          bind(key);
        }
      }
    }

    /**
     * Binds {@code key} to {@code input}'s output. A null output is given as it is (Guice accepts
     * it for a {@code @Nullable} injection point) and remembered, to name it should Guice refuse
     * it.
     */
    @SuppressWarnings("unchecked")
    private void bindOutput(Key<?> key, String input) {
      bind((Key<Object>) key)
          .toProvider(
              () -> {
                Object value = resources.get(input, (Key<Object>) key);
                if (value == null) {
                  nullOutputs.put(key, input);
                }
                return value;
              });
    }

    /** The keys whose outputs were null in this start, and the input that exposed each. */
    Map<Key<?>, String> nullOutputs() {
      synchronized (nullOutputs) {
        return new LinkedHashMap<>(nullOutputs);
      }
    }
  }

  /** Turns the worker's lifecycle into loop events. */
  private final class WorkerListener extends Service.Listener {
    private final StartTicket ticket;

    WorkerListener(StartTicket ticket) {
      this.ticket = ticket;
    }

    @Override
    public void running() {
      post.accept(new LoopEvent.WorkerRunning(ticket));
    }

    @Override
    public void terminated(Service.State from) {
      post.accept(new LoopEvent.WorkerEnded(ticket, null));
    }

    @Override
    public void failed(Service.State from, Throwable failure) {
      post.accept(new LoopEvent.WorkerEnded(ticket, failure));
    }
  }
}
