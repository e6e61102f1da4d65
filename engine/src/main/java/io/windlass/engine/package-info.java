/**
 * The Windlass dependency engine: named manifolds, declared in Guice modules, whose workers are
 * Guava services started once their inputs run, restarted with backoff when they fail, and bounced
 * when an input changes.
 *
 * <h2>The contract</h2>
 *
 * <p><b>Manifold.</b> An immutable declaration ({@link io.windlass.engine.Manifold}): a unique
 * name; explicit inputs (names); the worker, either a type Guice constructs or a {@link
 * io.windlass.engine.StartFunction}; the outputs it exposes, each a Guice {@code Key} with a
 * function from the running worker to the value; and an optional error filter. A manifold's inputs
 * are its explicit names plus every manifold whose exposed key its worker injects (followed through
 * classes Guice would construct just in time and through per-start bindings). Two manifolds may not
 * expose the same key; use binding annotations to tell values of one type apart.
 *
 * <p><b>Worker.</b> A Guava {@code Service}, single-use: the engine makes a fresh one for every
 * start and starts it itself, so a start must return a service in state {@code NEW}. Extend {@code
 * AbstractExecutionThreadService}, {@code AbstractScheduledService} or {@code AbstractIdleService}.
 * A worker that reaches TERMINATED on its own has <i>completed</i>: it is not restarted until an
 * input changes. One that reaches FAILED has <i>failed</i>, and its failure cause is the error the
 * engine interprets. A worker is visible to its dependents from the moment it is RUNNING; one that
 * fails in {@code startUp} is a failed start.
 *
 * <p><b>A worker may be stopped before its work begins.</b> The engine stops a worker whenever it
 * no longer wants it, including while its {@code startUp()} is still running. Guava then lets
 * {@code startUp()} finish and calls {@code shutDown()}, but never {@code run()} ({@code
 * AbstractExecutionThreadService}) or {@code runOneIteration()} ({@code AbstractScheduledService}).
 * A worker returned by a start the engine has meanwhile abandoned is never started at all: neither
 * {@code startUp()} nor {@code shutDown()} runs. So acquire resources in {@code startUp()}, not in
 * the constructor or the start function, and release them in {@code shutDown()}, not at the end of
 * {@code run()}; {@code shutDown()} must cope with a worker that never ran.
 *
 * <p><b>Start.</b> The engine starts a manifold when it is installed, when an input starts or
 * stops, and after a restart delay. It first snapshots its inputs' running workers; the start then
 * runs on a start thread with that snapshot, never on the engine loop. An injected worker is made
 * only while every explicit input runs, and every input whose value it injects directly (not
 * through a {@code Provider}); otherwise the start ends with a {@link
 * io.windlass.engine.MissingInputException} and waits for an input to change. It is asked of a
 * fresh child injector of the application injector in which exactly the inputs' exposed keys are
 * bound (each resolved lazily from the snapshot; an input that is not running yields a {@link
 * io.windlass.engine.MissingInputException}), plus {@link io.windlass.engine.Resources}. A start
 * function gets the {@code Resources} directly. A start the engine no longer wants (an input
 * changed, the engine is stopping) is aborted: its thread is interrupted, {@link
 * io.windlass.engine.Resources#isAborted()} turns true and {@link
 * io.windlass.engine.Resources#aborted()} completes (to wait on, or to cancel other work from), and
 * any worker it returns is stopped unused.
 *
 * <p><b>Bindings and per-start values.</b> What manifolds expose exists only per start, in the
 * child injector; the application injector never binds an exposed key. So the rule is Guice's own:
 * a binding sees what its injector sees. A binding that injects an exposed key (a {@code @Provides
 * Banner banner(Greeting g)}, a {@code bind(Service.class).annotatedWith(..).to(W.class)} whose
 * {@code W} injects one) must be made per start: in a module given to {@code
 * ManifoldModule.installPerStart}, or, for the binding of a manifold's worker key, in the {@code
 * ManifoldModule} that declares the manifold (such bindings are made per start by themselves,
 * outside a {@code PrivateModule}). Per-start bindings are replayed into the child injector of
 * every start whose worker needs them; inference follows them (linked targets, provider methods'
 * parameters, constructors, transitively), so a worker that needs a {@code Banner} gets the
 * manifold exposing {@code Greeting} as an input. The application injector, and whatever it builds
 * outside a worker (eager singletons, the application's own services), cannot use them. Where a
 * binding that can see only the application injector leads to a per-start value, that is an error:
 * a {@code @Provides} method of a {@code ManifoldModule}, or a binding made in its {@code
 * configureManifolds()}, that injects a key the module exposes or binds per start gets one at its
 * line when the injector is created (Guice reports the missing binding next to it); an application
 * binding that a worker injects and that leads to a per-start value (for instance through an
 * optional injection) is in the engine's problem list, with the manifold, the key and the binding's
 * line.
 *
 * <p><b>Signals.</b> A worker or a start may end with one of the closed set of {@link
 * io.windlass.engine.EngineSignal}s, found anywhere in the error's causal chain:
 *
 * <ul>
 *   <li>{@link io.windlass.engine.MissingInputException} — not restarted until an input changes;
 *   <li>{@link io.windlass.engine.BounceException} — restarted after the bounce delay;
 *   <li>{@link io.windlass.engine.UninstallException} — removed for good.
 * </ul>
 *
 * <p>Any other error restarts the worker after the error delay with backoff (see {@link
 * io.windlass.engine.EngineConfig}), unless {@link io.windlass.engine.EngineConfig#isFatal()} says
 * it is fatal: then every worker stops and the engine fails with the error {@link
 * io.windlass.engine.EngineConfig#worstError()} chooses, passed through {@link
 * io.windlass.engine.EngineConfig#filter()}. A manifold's own filter converts its errors before any
 * of this is decided.
 *
 * <p><b>Bounce.</b> When a manifold's worker starts or stops, each running dependent is stopped and
 * started again after the bounce delay, and each stopped dependent is started. A failed start does
 * not bounce dependents: nothing they could see has changed.
 *
 * <p><b>Shutdown.</b> Stopping the engine aborts every pending start and stops workers dependents
 * first: a worker is asked to stop only once every dependent has stopped. A worker (or an aborted
 * start) that has not stopped within {@link io.windlass.engine.EngineConfig#stopTimeout()} is
 * reported stuck ({@link io.windlass.engine.WorkerStuckException}) and abandoned, so the engine
 * still terminates.
 *
 * <p><b>One loop.</b> All state changes are applied in order on one engine loop thread, as typed
 * events. User code runs on the loop only in the hooks of {@code EngineConfig} and a manifold's
 * filter, which must be quick and must not call back into the engine.
 *
 * <p><b>Validation.</b> Before anything starts, the module set is checked as a whole and every
 * problem — unknown input, cycle, duplicate name, duplicate exposed key, a key the application
 * injector already binds, a worker Guice cannot inject, a scoped worker, a per-start binding that
 * clashes with another binding, an application binding that leads to a per-start value — is
 * reported at once in a {@link io.windlass.engine.ManifoldConfigurationException}, numbered, with
 * where each manifold (and binding) was declared. A runtime install is checked the same way, except
 * that its inputs may be installed later: an explicit input not installed yet, or a key its worker
 * injects that nothing binds and no installed manifold exposes yet, makes it wait (stopped, with a
 * missing-input error) until a manifold of that name, or exposing that key, is installed. {@link
 * io.windlass.engine.ManifoldInstaller#install(java.util.Collection)} installs several manifolds as
 * one group, all or none, their problems reported together. The validated graph, each manifold with
 * its resolved inputs, is {@link io.windlass.engine.Engine#graph()}: a tool can read it from a
 * constructed engine without starting a worker.
 *
 * <p><b>Report.</b> {@link io.windlass.engine.EngineReport}: the engine's state and error, and per
 * manifold its state, inputs, start count, last start time (engine clock, UTC), error, and the
 * worker's own {@link io.windlass.engine.Reporter} map.
 *
 * <p>This package does not: persist anything, run workers in other processes, or order starts
 * beyond what inputs declare.
 */
@NullMarked
package io.windlass.engine;

import org.jspecify.annotations.NullMarked;
