package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.reliability.PushBodies.Answer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One push cannot exhaust the agent's memory: bodies of a million distinct series, and several
 * large bodies at once, pushed to an agent with the 128 MiB heap users are told it needs, are
 * either stored whole (every sample in the spool) or refused with a clear 413/503, and either way
 * the agent stays healthy, logs no {@code OutOfMemoryError} and leaves no staging files.
 *
 * <p>Covers a bug where one push of 200,000 distinct series (6 MB) threw {@code OutOfMemoryError}
 * in the status server's thread: the request was never answered and staging files were left.
 */
class PushMemoryIT {
  private static final int MILLION = 1_000_000;

  private WindlassAgentProcess agent;

  @BeforeEach
  void start() {
    agent =
        new WindlassAgentProcess()
            // A million series of Prometheus text take ~36 MB: past the default 16 MiB body limit.
            .statusSettings("  max-body-bytes: 64MiB\n")
            .start();
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void aMillionDistinctSeriesInOnePrometheusBody() throws Exception {
    pushOneBodyOfAMillionSeries(
        agent.importPrometheusUri(), PushBodies.prometheus("p", 0, MILLION));
  }

  @Test
  void aMillionDistinctSeriesInOneInfluxBody() throws Exception {
    pushOneBodyOfAMillionSeries(agent.influxWriteUri(), PushBodies.influx("i", 0, MILLION));
  }

  private void pushOneBodyOfAMillionSeries(URI uri, byte[] body) throws Exception {
    long started = System.nanoTime();
    Answer answer = PushBodies.post(uri, body);
    double seconds = (System.nanoTime() - started) / 1e9;

    System.out.printf(
        "PushMemoryIT: %d series (%d bytes) to %s: %d in %.1f s (%.0f samples/s), agent peak RSS"
            + " %d KiB%n",
        MILLION,
        body.length,
        uri.getPath(),
        answer.status(),
        seconds,
        MILLION / seconds,
        PushBodies.peakRssKib(agent.pid()));
    assertThat(answer.status()).as(answer.body()).isIn(204, 413, 503);
    if (answer.status() == 204) {
      assertThat(PushBodies.spooledSamples(agent.spoolDir())).isEqualTo(MILLION);
    } else {
      assertThat(answer.body()).isNotBlank().doesNotContain("Exception");
      assertThat(PushBodies.spooledSamples(agent.spoolDir())).isZero();
    }
    assertHealthyAndClean();
  }

  @Test
  void fourPushesOf200000SeriesAtOnce() throws Exception {
    int series = 200_000;
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        String prefix = "c" + c + "-";
        boolean influx = c % 2 == 1;
        byte[] body =
            influx
                ? PushBodies.influx(prefix, 0, series)
                : PushBodies.prometheus(prefix, 0, series);
        URI uri = influx ? agent.influxWriteUri() : agent.importPrometheusUri();
        answers.add(clients.submit(() -> PushBodies.post(uri, body)));
      }
      long stored = 0;
      for (Future<Answer> future : answers) {
        Answer answer = future.get();
        assertThat(answer.status()).as(answer.body()).isIn(204, 503);
        if (answer.status() == 204) {
          stored += series;
        } else {
          assertThat(answer.retryAfter()).isNotEmpty();
        }
      }
      System.out.printf(
          "PushMemoryIT: 4 x %d series at once: %d stored, agent peak RSS %d KiB%n",
          series, stored, PushBodies.peakRssKib(agent.pid()));
      assertThat(stored).isPositive();
      assertThat(PushBodies.spooledSamples(agent.spoolDir())).isEqualTo(stored);
    } finally {
      clients.shutdownNow();
    }
    assertHealthyAndClean();
  }

  /** The agent answers health checks and a normal push, with no trace of running out of heap. */
  private void assertHealthyAndClean() throws Exception {
    assertThat(agent.isRunning()).isTrue();
    assertThat(PushBodies.get(agent.uri("/healthz"))).isEqualTo(200);
    assertThat(PushBodies.stagedFiles(agent.spoolDir())).isEmpty();
    long before = PushBodies.spooledSamples(agent.spoolDir());
    Answer normal = PushBodies.post(agent.importPrometheusUri(), PushBodies.prometheus("n", 0, 10));
    assertThat(normal.status()).as(normal.body()).isEqualTo(204);
    assertThat(PushBodies.spooledSamples(agent.spoolDir())).isEqualTo(before + 10);
    assertThat(agent.log()).doesNotContain("OutOfMemoryError");
  }
}
