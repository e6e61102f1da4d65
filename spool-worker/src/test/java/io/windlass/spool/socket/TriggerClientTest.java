package io.windlass.spool.socket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class TriggerClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Serves one connection at {@code socket}, answering {@code answer} and closing. */
  private static Thread answering(AFUNIXServerSocket server, String answer) {
    Thread agent =
        new Thread(
            () -> {
              try (AFUNIXSocket connection = server.accept()) {
                connection.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    agent.start();
    return agent;
  }

  /**
   * Covers a bug where an {@code error:} answer without a message failed with a {@link
   * TriggerException} whose message was empty, so that {@code send-now} printed "the agent
   * answered: " and nothing more.
   */
  @Test
  void anErrorAnswerWithoutAMessageSaysSo() throws Exception {
    Path socket = dir.resolve("send.sock");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socket))) {
      Thread agent = answering(server, "error: \n");

      assertThatThrownBy(() -> TriggerClient.trigger(socket, WAIT))
          .isInstanceOf(TriggerException.class)
          .hasMessage("an error, without saying which (\"error: \")");
      agent.join(WAIT.toMillis());
    }
  }

  @Test
  void anErrorAnswerGivesItsMessage() throws Exception {
    Path socket = dir.resolve("send.sock");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socket))) {
      Thread agent = answering(server, "error: the sink is down\r\n");

      assertThatThrownBy(() -> TriggerClient.trigger(socket, WAIT))
          .isInstanceOf(TriggerException.class)
          .hasMessage("the sink is down");
      agent.join(WAIT.toMillis());
    }
  }
}
