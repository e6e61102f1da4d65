package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import com.google.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios 25–29: fatal errors, the engine's and manifolds' filters, and the worst error. */
class EngineFatalTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /** A manifold whose every start throws {@code error}, counted by the harness's start calls. */
  private Manifold.Builder<TestWorker> failingStart(String name, RuntimeException error) {
    return Manifold.builder(name)
        .start(
            h.<TestWorker>recording(
                name,
                r -> {
                  throw error;
                }));
  }

  private List<Integer> starts(String... names) {
    List<Integer> counts = new ArrayList<>();
    for (String name : names) {
      counts.add(h.starts(name));
    }
    return counts;
  }

  // ---------------------------------------------------------------- 25

  @Test
  @DisplayName("25. a non-fatal error restarts only that worker; the engine keeps running")
  void nonFatalErrorRestartsOnlyThatWorker() {
    h.start(h.manifold("a").build(), h.manifold("b").build(), h.manifold("c").build());
    h.runLong();
    TestWorker b = h.worker("b");
    TestWorker c = h.worker("c");

    h.worker("a").fail(new IllegalStateException("a hiccup"));
    h.runLong();

    assertThat(starts("a", "b", "c")).containsExactly(2, 1, 1);
    assertThat(h.worker("a").isRunning()).isTrue();
    assertThat(h.worker("b")).isSameAs(b);
    assertThat(h.worker("c")).isSameAs(c);
    assertThat(List.of(b, c)).allMatch(Service::isRunning);
    assertThat(h.engine.isRunning()).isTrue();
    assertThat(h.engine.report().state()).isEqualTo("started");
    assertThat(h.engine.report().error()).isNull();
  }

  @Test
  @DisplayName("25. a fatal error stops every worker and the engine fails with exactly that error")
  void fatalErrorStopsEveryWorkerAndFailsTheEngine() {
    h.start(h.manifold("a").build(), h.manifold("b", "a").build(), h.manifold("c").build());
    h.runLong();
    FatalException fatal = new FatalException("disk on fire");

    h.worker("c").fail(fatal);

    assertThat(h.awaitFailed()).isSameAs(fatal);
    assertThat(h.worker("a").state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.worker("b").state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.worker("c").state()).isEqualTo(Service.State.FAILED);
    assertThat(h.engine.report().state()).isEqualTo("stopped");
    assertThat(h.engine.report().error()).isEqualTo("disk on fire");
    h.runLong();
    assertThat(starts("a", "b", "c")).as("nothing restarts").containsExactly(1, 1, 1);
  }

  @Test
  @DisplayName("25. a fatal error thrown by a start stops every worker and fails the engine")
  void fatalStartErrorFailsTheEngine() {
    h.start(h.manifold("a").build(), h.manifold("b", "a").build());
    h.runLong();
    FatalException fatal = new FatalException("licence expired");

    h.engine.install(failingStart("f", fatal).build());

    assertThat(h.awaitFailed()).isSameAs(fatal);
    assertThat(h.allWorkers()).extracting(Service::state).containsOnly(Service.State.TERMINATED);
    assertThat(h.startCalls("f")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- 26

  @Test
  @DisplayName("26. the engine filter converts the fatal error the engine ends with")
  void engineFilterConvertsTheFinalError() {
    List<Throwable> filtered = new CopyOnWriteArrayList<>();
    IllegalStateException converted = new IllegalStateException("agent must restart");
    EngineConfig config =
        h.config()
            .filter(
                e -> {
                  filtered.add(e);
                  return converted;
                })
            .build();
    h.start(config, Guice.createInjector(), h.manifold("a").build(), h.manifold("b").build());
    h.runLong();

    h.worker("a").fail(new IllegalStateException("not fatal"));
    h.runLong();
    assertThat(filtered).as("a non-fatal error is not the engine's to filter").isEmpty();
    assertThat(h.starts("a")).isEqualTo(2);

    FatalException fatal = new FatalException("disk on fire");
    h.worker("b").fail(fatal);

    assertThat(h.awaitFailed()).isSameAs(converted);
    assertThat(filtered).containsExactly(fatal);
    assertThat(h.engine.report().error()).isEqualTo("agent must restart");
  }

  /**
   * Covers a bug where the report of an engine that had terminated cleanly, its filter having
   * returned null, still showed the unfiltered fatal error.
   */
  @Test
  @DisplayName("26. an engine filter that returns null makes the engine stop cleanly")
  void engineFilterReturningNullStopsCleanly() {
    List<Throwable> filtered = new CopyOnWriteArrayList<>();
    EngineConfig config =
        h.config()
            .filter(
                e -> {
                  filtered.add(e);
                  return null;
                })
            .build();
    h.start(config, Guice.createInjector(), h.manifold("a").build(), h.manifold("b").build());
    h.runLong();
    FatalException fatal = new FatalException("time to go");

    h.worker("a").fail(fatal);

    h.awaitTerminated();
    assertThat(filtered).containsExactly(fatal);
    assertThat(h.worker("b").state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.engine.report().error()).isNull();
  }

  @Test
  @DisplayName("26. an engine stopped without a fatal error does not consult its filter")
  void cleanStopDoesNotConsultTheEngineFilter() {
    List<Throwable> filtered = new CopyOnWriteArrayList<>();
    EngineConfig config =
        h.config()
            .filter(
                e -> {
                  filtered.add(e);
                  return e;
                })
            .build();
    h.start(config, Guice.createInjector(), h.manifold("a").build());
    h.runLong();

    h.stop();

    assertThat(h.engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(filtered).isEmpty();
  }

  // ---------------------------------------------------------------- 27

  @Test
  @DisplayName(
      "27. a manifold filter sees a start error before the fatal check; the engine ends with the filtered error")
  void manifoldFilterMakesAStartErrorFatal() {
    IllegalStateException startError = new IllegalStateException("cannot open socket");
    FatalException fatal = new FatalException("socket is gone for good", startError);
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    h.start(h.manifold("a").build());
    h.runLong();

    h.engine.install(
        failingStart("s", startError)
            .filter(
                e -> {
                  seen.add(e);
                  return fatal;
                })
            .build());

    assertThat(h.awaitFailed()).isSameAs(fatal);
    assertThat(seen).containsExactly(startError);
    assertThat(h.worker("a").state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.startCalls("s")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "27. a manifold filter can make a fatal start error an ordinary one, retried after the error delay")
  void manifoldFilterMakesAFatalStartErrorOrdinary() {
    FatalException fatal = new FatalException("thinks it is fatal");
    IllegalStateException ordinary = new IllegalStateException("merely unlucky");
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    h.start(
        h.manifold("a").build(),
        failingStart("s", fatal)
            .filter(
                e -> {
                  seen.add(e);
                  return ordinary;
                })
            .build());
    assertThat(h.startCalls("s")).isEqualTo(1);
    assertThat(h.engine.report().manifold("s").error()).isEqualTo("merely unlucky");

    h.runFor(Duration.ofMillis(24));
    assertThat(h.startCalls("s")).isEqualTo(1);
    h.runFor(Duration.ofMillis(1));
    assertThat(h.startCalls("s")).as("retried after the 25 ms error delay").isEqualTo(2);

    assertThat(seen).containsExactly(fatal, fatal);
    assertThat(h.engine.isRunning()).isTrue();
    assertThat(h.worker("a").isRunning()).isTrue();
    assertThat(h.starts("a")).isEqualTo(1);
  }

  static final class Refuses extends TestWorker {
    static final IllegalStateException ERROR = new IllegalStateException("refused in constructor");

    @Inject
    Refuses() {
      super("refuses");
      throw ERROR;
    }
  }

  @Test
  @DisplayName(
      "27. a manifold filter sees what an injected worker's constructor threw, not Guice's wrapper")
  void manifoldFilterSeesTheConstructorError() {
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    FatalException fatal = new FatalException("cannot construct");
    h.startMayFail(
        h.config().build(),
        Guice.createInjector(),
        Manifold.builder("refuses")
            .worker(Refuses.class)
            .filter(
                e -> {
                  seen.add(e);
                  return fatal;
                })
            .build());

    assertThat(h.awaitFailed()).isSameAs(fatal);
    assertThat(seen).containsExactly(Refuses.ERROR);
  }

  // ---------------------------------------------------------------- 28

  @Test
  @DisplayName("28. a manifold filter converts an error from a running worker into a fatal one")
  void manifoldFilterMakesARunningWorkersErrorFatal() {
    IllegalStateException lost = new IllegalStateException("lost the database");
    FatalException fatal = new FatalException("database is gone", lost);
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    h.start(
        h.manifold("a").build(),
        h.manifold("db")
            .filter(
                e -> {
                  seen.add(e);
                  return e == lost ? fatal : e;
                })
            .build());
    h.runLong();

    h.worker("db").fail(lost);

    assertThat(h.awaitFailed()).isSameAs(fatal);
    assertThat(seen).containsExactly(lost);
    assertThat(h.worker("a").state()).isEqualTo(Service.State.TERMINATED);
    assertThat(starts("a", "db")).containsExactly(1, 1);
  }

  @Test
  @DisplayName(
      "28. a manifold filter converts a running worker's error into a bounce: restarted after the bounce delay")
  void manifoldFilterMakesARunningWorkersErrorABounce() {
    IllegalStateException reset = new IllegalStateException("connection reset");
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    h.start(
        h.manifold("conn")
            .filter(
                e -> {
                  seen.add(e);
                  return new BounceException("reconnect: " + e.getMessage());
                })
            .build(),
        h.manifold("user", "conn").build());
    h.runLong();
    assertThat(starts("conn", "user")).containsExactly(1, 1);

    h.worker("conn").fail(reset);
    h.settle();
    assertThat(seen).containsExactly(reset);
    assertThat(h.engine.report().manifold("conn").error()).isEqualTo("reconnect: connection reset");

    h.runFor(Duration.ofMillis(5));
    assertThat(h.starts("conn")).as("restarted after the 5 ms bounce delay").isEqualTo(2);
    h.runLong();
    assertThat(h.starts("conn")).isEqualTo(2);
    assertThat(h.starts("user")).as("its dependent was bounced").isGreaterThanOrEqualTo(2);
    assertThat(h.worker("user").isRunning()).isTrue();
    assertThat(h.engine.isRunning()).isTrue();
  }

  @Test
  @DisplayName(
      "28. a manifold filter that returns null turns a running worker's error into completion")
  void manifoldFilterReturningNullCompletesTheWorker() {
    h.start(h.manifold("once").filter(e -> null).build());
    h.runLong();

    h.worker("once").fail(new IllegalStateException("done, in its own way"));
    h.runLong();

    assertThat(h.starts("once")).isEqualTo(1);
    assertThat(h.engine.report().manifold("once").state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("once").error()).isNull();
    assertThat(h.engine.isRunning()).isTrue();
  }

  /**
   * Covers a bug where backoff counted the error before the manifold's filter: errors the filter
   * turned into bounces still raised the next real error's delay.
   */
  @Test
  @DisplayName(
      "28. backoff counts the error the manifold filter returns, not the one the worker raised")
  void backoffCountsTheFilteredError() {
    EngineConfig config =
        h.config()
            .errorDelay(Duration.ofSeconds(1))
            .backoffFactor(2)
            .maxDelay(Duration.ofSeconds(3))
            .build();
    h.start(
        config,
        Guice.createInjector(),
        h.manifold("conn")
            .filter(e -> e.getMessage().equals("reset") ? new BounceException("reconnect") : e)
            .build());

    for (int i = 1; i <= 3; i++) {
      h.worker("conn").fail(new IllegalStateException("reset"));
      h.settle();
      assertThat(h.clock.pendingDelays()).as("bounce %s", i).containsExactly(Duration.ofMillis(5));
      h.runFor(Duration.ofMillis(5));
      assertThat(h.starts("conn")).isEqualTo(i + 1);
    }

    h.worker("conn").fail(new IllegalStateException("broken"));
    h.settle();
    assertThat(h.clock.pendingDelays())
        .as("the first real error in a row waits the error delay")
        .containsExactly(Duration.ofSeconds(1));
  }

  // ---------------------------------------------------------------- 29

  /** A worker that ends with {@code error} when asked to stop. */
  static final class FailsOnStop extends TestWorker {
    private final RuntimeException error;

    FailsOnStop(String name, RuntimeException error) {
      super(name);
      this.error = error;
    }

    @Override
    protected void doStop() {
      notifyFailed(error);
    }
  }

  private record WorstCall(Throwable error, @Nullable Throwable worst) {}

  @Test
  @DisplayName(
      "29. two fatal errors consult worstError exactly twice; the engine ends with its choice")
  void twoFatalErrorsConsultWorstErrorTwice() {
    FatalException first = new FatalException("first");
    FatalException second = new FatalException("second, and worse");
    List<WorstCall> calls = new CopyOnWriteArrayList<>();
    BinaryOperator<@Nullable Throwable> newest =
        (error, worst) -> {
          calls.add(new WorstCall(error, worst));
          return error;
        };
    EngineConfig config = h.config().worstError(newest).build();
    h.start(
        config,
        Guice.createInjector(),
        h.manifold("a").build(),
        Manifold.builder("b").start(h.recording("b", r -> new FailsOnStop("b", second))).build(),
        Manifold.builder("c")
            .start(
                h.recording("c", r -> new FailsOnStop("c", new IllegalStateException("not fatal"))))
            .build());
    h.runLong();

    h.worker("a").fail(first);

    assertThat(h.awaitFailed()).isSameAs(second);
    assertThat(calls).containsExactly(new WorstCall(first, null), new WorstCall(second, first));
    assertThat(h.worker("b").state()).isEqualTo(Service.State.FAILED);
    assertThat(h.worker("c").state()).isEqualTo(Service.State.FAILED);
  }

  @Test
  @DisplayName("29. by default the first of two fatal errors is the one the engine ends with")
  void defaultWorstErrorKeepsTheFirst() {
    FatalException first = new FatalException("first");
    FatalException second = new FatalException("second");
    h.start(
        h.manifold("a").build(),
        Manifold.builder("b").start(h.recording("b", r -> new FailsOnStop("b", second))).build());
    h.runLong();

    h.worker("a").fail(first);

    assertThat(h.awaitFailed()).isSameAs(first);
    assertThat(h.worker("b").state()).isEqualTo(Service.State.FAILED);
  }

  @Test
  @DisplayName("an isFatal hook that throws makes the error fatal; the engine still stops cleanly")
  void throwingIsFatalTreatsTheErrorAsFatal() {
    RuntimeException boom = new IllegalStateException("boom");
    EngineConfig config =
        h.config()
            .isFatal(
                e -> {
                  throw new UnsupportedOperationException("hook broke");
                })
            .build();
    h.start(config, Guice.createInjector(), h.manifold("a").build(), h.manifold("b").build());
    h.runLong();
    h.worker("a").fail(boom);
    assertThat(h.awaitFailed()).isSameAs(boom);
    assertThat(h.worker("b").state()).isEqualTo(Service.State.TERMINATED);
  }

  @Test
  @DisplayName("a worstError hook that throws keeps the first fatal error; the engine still stops")
  void throwingWorstErrorKeepsTheFirstError() {
    FatalException first = new FatalException("first");
    EngineConfig config =
        h.config()
            .worstError(
                (error, worst) -> {
                  throw new UnsupportedOperationException("hook broke");
                })
            .build();
    h.start(config, Guice.createInjector(), h.manifold("a").build());
    h.runLong();
    h.worker("a").fail(first);
    assertThat(h.awaitFailed()).isSameAs(first);
  }
}
