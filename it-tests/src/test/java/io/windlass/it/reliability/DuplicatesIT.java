package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.agent.AgentExtension;
import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.Point;
import io.windlass.it.backend.SeriesData;
import io.windlass.it.backend.VictoriaMetricsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How many samples the agent delivers twice, against a real VictoriaMetrics (which stores every
 * copy, so that {@code /api/v1/export} counts them) behind a proxy that injects faults after the
 * backend has stored a request, and across SIGKILLs of the agent with pushes running. Every sample
 * pushed has its own series and timestamp, so each copy is countable. Each test prints its figures,
 * one per line, starting {@code FIGURE}.
 */
class DuplicatesIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration SINK_TIMEOUT = Duration.ofSeconds(1);
  private static final String TAG = "dup-agent";
  private static final int SERIES = 50;
  private static final int PUSHES_BETWEEN_KILLS = 40;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @RegisterExtension
  static final BackendExtension<VictoriaMetricsServer> VICTORIA =
      new BackendExtension<>(VictoriaMetricsServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess agent;
  private FaultProxy proxy;

  @AfterEach
  void stopProxy() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Sends every 200 ms, 4 requests at once of up to 1,000 samples, retrying within 200 ms. */
  private static String config(URI sink) {
    return "agent:\n  tag: "
        + TAG
        + "\ninputs: []\nsink:\n  url: "
        + sink
        + "\n  interval: 200ms\n  jitter: 0s\n  timeout: "
        + SINK_TIMEOUT.toMillis()
        + "ms\n  retry-min: 100ms\n  retry-max: 200ms\n  max-request-metrics: 1000\n";
  }

  /**
   * A backend that stores every third request and then loses its answer (or answers too late, or
   * cuts the body of a 200): nothing is lost, and each failure costs at most one more copy of the
   * failed request; a cut body costs nothing, its 200 being the backend's word.
   */
  @ParameterizedTest
  @EnumSource(FaultProxy.Fault.class)
  void aFaultyBackendGetsAtMostOneCopyOfEachFailedRequestAgain(FaultProxy.Fault fault)
      throws Exception {
    VictoriaMetricsServer backend = VICTORIA.get();
    proxy = new FaultProxy(backend.remoteWriteUri(), fault, 3, SINK_TIMEOUT.plusSeconds(1));
    agent = agents.track(new WindlassAgentProcess()).config(config(proxy.url())).start();
    String name = "fault_" + fault.name().toLowerCase(Locale.ROOT);
    URI push = agent.importPrometheusUri();
    long first = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();

    int pushes = 20;
    int timestamps = 20;
    for (int r = 0; r < pushes; r++) {
      assertThat(post(push, body(name, first + r * timestamps, timestamps))).isEqualTo(204);
    }
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);

    long acknowledged = (long) pushes * timestamps * SERIES;
    // The spool is empty once the backend answered 2xx for every batch; what it took may become
    // searchable a little later on a busy machine, so the count is awaited (and fails after
    // PATIENCE if a sample never arrives).
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(copies(backend, name))
                    .as("every acknowledged sample arrived")
                    .hasSize((int) acknowledged));
    Map<String, Integer> copies = copies(backend, name);
    long stored = copies.values().stream().mapToLong(Integer::longValue).sum();
    long duplicates = stored - acknowledged;
    String figure = "FIGURE duplicates " + name + ": ";
    System.out.println(figure + "samples acknowledged " + acknowledged);
    System.out.println(figure + "samples stored " + stored);
    System.out.println(
        figure
            + "delivered per acknowledged "
            + String.format(Locale.ROOT, "%.3f", (double) stored / acknowledged));
    System.out.println(figure + "requests " + proxy.requests() + ", faulty " + proxy.faulted());
    System.out.println(figure + "samples in faulty requests " + proxy.faultedSamples());
    System.out.println(
        figure
            + "duplicates per sample in a faulty request "
            + String.format(
                Locale.ROOT, "%.3f", (double) duplicates / Math.max(1, proxy.faultedSamples())));

    assertThat(copies).as("every acknowledged sample arrived").hasSize((int) acknowledged);
    assertThat(proxy.faulted()).as("faults were injected").isPositive();
    if (fault == FaultProxy.Fault.CUT_BODY) {
      assertThat(stored).isLessThanOrEqualTo(acknowledged * 11 / 10);
    } else {
      assertThat(duplicates)
          .as("at most one copy of each failed request")
          .isLessThanOrEqualTo(proxy.faultedSamples());
    }
  }

  /**
   * SIGKILLed 20 times while a client pushes (40 pushes of 500 samples acknowledged between kills):
   * every acknowledged sample arrives, the samples sent twice are at most what can be in flight at
   * each kill (4 requests of 1,000 samples), and at most 2 % of those acknowledged.
   */
  @Test
  void twentySigkillsWithPushesRunningDuplicateAtMostTwoPercent() throws Exception {
    VictoriaMetricsServer backend = VICTORIA.get();
    agent =
        agents.track(new WindlassAgentProcess()).config(config(backend.remoteWriteUri())).start();
    URI push = agent.importPrometheusUri();
    String name = "sigkill";
    long first = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
    int timestamps = 10;
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean pushing = new AtomicBoolean(true);
    // One push after another; while the agent is down, a client waits a little between tries.
    ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
    pusher.execute(
        new Runnable() {
          @Override
          public void run() {
            if (!pushing.get()) {
              return;
            }
            int r = next.getAndIncrement();
            Duration pause = Duration.ZERO;
            try {
              if (post(push, body(name, first + (long) r * timestamps, timestamps)) == 204) {
                acknowledged.add(r);
              }
            } catch (IOException e) {
              pause = Duration.ofMillis(20); // the agent is down: this push is not acknowledged
            } catch (InterruptedException e) {
              return;
            }
            if (pushing.get()) {
              pusher.schedule(this, pause.toNanos(), TimeUnit.NANOSECONDS);
            }
          }
        });

    int kills = 20;
    long startNanos = 0;
    for (int k = 0; k < kills; k++) {
      int before = acknowledged.size();
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> acknowledged.size() >= before + PUSHES_BETWEEN_KILLS);
      agent.kill();
      agent.start();
      startNanos += agent.lastStartDuration().toNanos();
    }
    pushing.set(false);
    pusher.shutdown();
    assertThat(pusher.awaitTermination(60, TimeUnit.SECONDS)).as("the last push ended").isTrue();
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);

    Map<String, Integer> copies = copies(backend, name);
    long acknowledgedSamples = (long) acknowledged.size() * timestamps * SERIES;
    long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
    double share = (double) duplicates / acknowledgedSamples;
    String figure = "FIGURE duplicates sigkill: ";
    System.out.println(figure + "kills " + kills);
    System.out.println(figure + "samples acknowledged " + acknowledgedSamples);
    System.out.println(figure + "samples stored more than once " + duplicates);
    System.out.println(
        figure + "duplicates per acknowledged " + String.format(Locale.ROOT, "%.4f", share));
    System.out.println(figure + "duplicates per kill " + duplicates / kills);
    System.out.println(
        figure + "mean agent restart " + Duration.ofNanos(startNanos / kills).toMillis() + " ms");

    for (int r : acknowledged) {
      for (int j = 0; j < timestamps; j++) {
        long time = first + (long) r * timestamps + j;
        for (int i = 0; i < SERIES; i++) {
          assertThat(copies)
              .as("acknowledged push %d arrived", r)
              .containsKey("s" + i + "@" + time);
        }
      }
    }
    assertThat(duplicates)
        .as("at most what was in flight at each kill: 4 requests of 1,000 samples")
        .isLessThanOrEqualTo(kills * 4 * 1000L);
    assertThat(share).isLessThanOrEqualTo(0.02);
  }

  /**
   * One push: {@link #SERIES} series × {@code timestamps} samples, at {@code firstMillis}, {@code
   * firstMillis + 1}, ...; pushes start {@code timestamps} ms apart, so no two samples share a
   * series and a timestamp.
   */
  private static String body(String name, long firstMillis, int timestamps) {
    StringBuilder text = new StringBuilder(SERIES * timestamps * 40);
    for (int j = 0; j < timestamps; j++) {
      for (int i = 0; i < SERIES; i++) {
        text.append(name).append("{series=\"s").append(i).append("\"} ").append(j);
        text.append(' ').append(firstMillis + j).append('\n');
      }
    }
    return text.toString();
  }

  private static int post(URI uri, String body) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** How many copies of each (series, timestamp) of {@code name} the backend stores. */
  private static Map<String, Integer> copies(VictoriaMetricsServer backend, String name) {
    Map<String, Integer> copies = new HashMap<>();
    for (SeriesData series : backend.export(name)) {
      assertThat(series.labels()).containsEntry("agent", TAG);
      for (Point point : series.points()) {
        copies.merge(
            series.labels().get("series") + "@" + point.timestampMillis(), 1, Integer::sum);
      }
    }
    return copies;
  }
}
