package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.Uninterruptibles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins what the package documentation promises: a worker the engine stops before its work begins
 * gets only {@code shutDown()} (after a {@code startUp()} that was already under way), and one it
 * never started gets neither; so cleanup belongs in {@code shutDown()} and acquiring in {@code
 * startUp()}.
 */
class WorkerStoppedBeforeRunTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /** Records each lifecycle method a worker's Guava base class calls. */
  interface Recording {
    List<String> calls();

    CountDownLatch release();

    Service service();
  }

  enum Kind {
    EXECUTION_THREAD(ThreadWorker::new),
    IDLE(IdleWorker::new),
    SCHEDULED(ScheduledWorker::new);

    final Supplier<Recording> make;

    Kind(Supplier<Recording> make) {
      this.make = make;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aWorkerStoppedDuringStartUpNeverRunsButIsShutDown(Kind kind) throws Exception {
    List<Recording> made = new CopyOnWriteArrayList<>();
    h.start();
    h.engine.install(
        Manifold.builder("slow")
            .start(
                resources -> {
                  Recording worker = kind.make.get();
                  made.add(worker);
                  return worker.service();
                })
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> entered(made));
    Recording worker = made.get(0);

    h.engine.stopAsync();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> worker.service().state() == Service.State.STOPPING);
    worker.release().countDown();
    h.engine.awaitTerminated(10, TimeUnit.SECONDS);

    assertThat(worker.calls()).containsExactly("startUp", "shutDown");
    assertThat(worker.service().state()).isEqualTo(Service.State.TERMINATED);
    assertThat(made).hasSize(1);
  }

  @Test
  void aWorkerReturnedByAnAbandonedStartIsNeverStartedNorShutDown() throws Exception {
    List<Recording> made = new CopyOnWriteArrayList<>();
    CountDownLatch waiting = new CountDownLatch(1);
    h.start();
    h.engine.install(
        Manifold.builder("late")
            .start(
                resources -> {
                  waiting.countDown();
                  Uninterruptibles.getUninterruptibly(resources.aborted());
                  Recording worker = Kind.IDLE.make.get();
                  made.add(worker);
                  return worker.service();
                })
            .build());
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

    assertThat(made).hasSize(1);
    assertThat(made.get(0).calls()).isEmpty();
    assertThat(made.get(0).service().state()).isIn(Service.State.NEW, Service.State.TERMINATED);
  }

  private static boolean entered(List<Recording> made) {
    return !made.isEmpty() && made.get(0).calls().contains("startUp");
  }

  static final class ThreadWorker extends AbstractExecutionThreadService implements Recording {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void startUp() {
      calls.add("startUp");
      Uninterruptibles.awaitUninterruptibly(release);
    }

    @Override
    protected void run() {
      calls.add("run");
    }

    @Override
    protected void shutDown() {
      calls.add("shutDown");
    }

    @Override
    public List<String> calls() {
      return calls;
    }

    @Override
    public CountDownLatch release() {
      return release;
    }

    @Override
    public Service service() {
      return this;
    }
  }

  static final class IdleWorker extends AbstractIdleService implements Recording {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void startUp() {
      calls.add("startUp");
      Uninterruptibles.awaitUninterruptibly(release);
    }

    @Override
    protected void shutDown() {
      calls.add("shutDown");
    }

    @Override
    public List<String> calls() {
      return calls;
    }

    @Override
    public CountDownLatch release() {
      return release;
    }

    @Override
    public Service service() {
      return this;
    }
  }

  static final class ScheduledWorker extends AbstractScheduledService implements Recording {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void startUp() {
      calls.add("startUp");
      Uninterruptibles.awaitUninterruptibly(release);
    }

    @Override
    protected void runOneIteration() {
      calls.add("runOneIteration");
    }

    @Override
    protected Scheduler scheduler() {
      return Scheduler.newFixedDelaySchedule(0, 1, TimeUnit.HOURS);
    }

    @Override
    protected void shutDown() {
      calls.add("shutDown");
    }

    @Override
    public List<String> calls() {
      return calls;
    }

    @Override
    public CountDownLatch release() {
      return release;
    }

    @Override
    public Service service() {
      return this;
    }
  }
}
