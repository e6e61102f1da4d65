package io.windlass.spool.socket;

import static io.windlass.spool.socket.TestSockets.connect;
import static io.windlass.spool.socket.TestSockets.readUntilClosed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.PeriodicWorker;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;

class TriggerHandlerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private SocketListener listener;
  private PeriodicWorker worker;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (listener != null) {
      listener.stopAsync().awaitTerminated(WAIT);
    }
    if (worker != null) {
      worker.stopAsync().awaitTerminated(WAIT);
    }
  }

  private Path serve(TriggerHandler.Action action) throws Exception {
    Path path = dir.resolve("send.sock");
    listener = new SocketListener(path, new TriggerHandler(action));
    listener.startAsync().awaitRunning(WAIT);
    return path;
  }

  @Test
  void answersOkWhenTheActionCompletes() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Path path = serve(connection -> runs.incrementAndGet());

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("ok\n");
    }
    TriggerClient.trigger(path, WAIT);

    assertThat(runs).hasValue(2);
  }

  @Test
  void answersTheErrorOnOneLineWhenTheActionThrows() throws Exception {
    Path path =
        serve(
            connection -> {
              throw new IOException("cannot send metrics:\nbackend said no");
            });

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client))
          .isEqualTo("error: cannot send metrics: backend said no\n");
    }
    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("cannot send metrics: backend said no");
  }

  @Test
  void anErrorWithoutAMessageIsNamedByItsType() throws Exception {
    Path path =
        serve(
            connection -> {
              throw new IllegalStateException();
            });

    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("java.lang.IllegalStateException");
  }

  @Test
  void whatTheClientSendsIsIgnored() throws Exception {
    Path path = serve(connection -> {});

    try (AFUNIXSocket client = connect(path)) {
      client.getOutputStream().write("please\n".getBytes(UTF_8));
      assertThat(readUntilClosed(client)).isEqualTo("ok\n");
    }
  }

  @Test
  void clientGivesUpAfterItsTimeout() throws Exception {
    Path path = serve(connection -> release.await());

    long start = System.nanoTime();
    assertThatThrownBy(() -> TriggerClient.trigger(path, Duration.ofMillis(200)))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("no answer within PT0.2S");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void clientReportsAMissingSocket() {
    assertThatThrownBy(() -> TriggerClient.trigger(dir.resolve("none.sock"), WAIT))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(TriggerException.class);
  }

  @Test
  void clientReportsAConnectionClosedWithoutAnAnswer() throws Exception {
    Path path = dir.resolve("mute.sock");
    listener = new SocketListener(path, connection -> {});
    listener.startAsync().awaitRunning(WAIT);

    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOf(IOException.class)
        .hasMessage("the agent closed the connection without an answer");
  }

  @Test
  void clientRejectsAnAnswerThatIsNotOkOrError() throws Exception {
    Path path = dir.resolve("odd.sock");
    listener =
        new SocketListener(
            path, connection -> connection.output().write("maybe\n".getBytes(UTF_8)));
    listener.startAsync().awaitRunning(WAIT);

    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOf(IOException.class)
        .hasMessage("unexpected answer from " + path + ": maybe");
  }

  @Test
  void clientReadsNoMoreThanABoundedAnswer() throws Exception {
    Path path = dir.resolve("chatty.sock");
    listener =
        new SocketListener(
            path,
            connection -> {
              byte[] chunk = "x".repeat(8192).getBytes(UTF_8);
              for (int i = 0; i < 100; i++) {
                connection.output().write(chunk);
              }
            });
    listener.startAsync().awaitRunning(WAIT);

    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOf(IOException.class)
        .hasMessage("the agent's answer is longer than 65536 bytes");
  }

  /** The send.sock wiring: a trigger runs the periodic worker's call now and answers after it. */
  @Test
  void triggerRunsAPeriodicWorkerNowAndAnswersWhenTheRunEnds() throws Exception {
    AtomicInteger sends = new AtomicInteger();
    worker = new PeriodicWorker(sends::incrementAndGet, Duration.ofHours(1), () -> {});
    worker.startAsync().awaitRunning(WAIT);
    Path path =
        serve(
            connection ->
                worker
                    .runNow()
                    .get(Math.max(1, connection.remaining().toMillis()), TimeUnit.MILLISECONDS));

    TriggerClient.trigger(path, WAIT);
    int afterFirst = sends.get();
    TriggerClient.trigger(path, WAIT);

    assertThat(afterFirst).isGreaterThanOrEqualTo(1);
    assertThat(sends.get()).isEqualTo(afterFirst + 1);
  }
}
