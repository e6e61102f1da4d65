package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The poster through either transport, against the JDK's HTTP server: the same requests and
 * results.
 */
class HttpPosterTest {

  /**
   * How long a test waits for an answer that must come: long, so that a busy machine cannot turn an
   * answer into a timeout.
   */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  /** The timeout of tests that wait it out (a hung backend, a held connection). */
  private static final Duration WAITED_OUT_TIMEOUT = Duration.ofSeconds(2);

  private static HttpPoster poster(URI url, boolean jdkClient) {
    return poster(url, jdkClient, ANSWER_TIMEOUT);
  }

  private static HttpPoster poster(URI url, boolean jdkClient, Duration timeout) {
    SenderSettings settings =
        SenderSettings.builder(url)
            .timeout(timeout)
            .bearerToken(Optional.of("s3cret"))
            .headers(Map.of("X-Scope-OrgID", "fleet"))
            .build();
    return new HttpPoster(settings, Map.of("Content-Type", "text/plain"), jdkClient);
  }

  @ParameterizedTest(name = "jdk client: {0}")
  @ValueSource(booleans = {false, true})
  void postsWithTheHeadersAndReadsTheAnswer(boolean jdkClient) throws Exception {
    try (FakeBackend backend =
        new FakeBackend(
            request -> new FakeBackend.Reply(429, Map.of("Retry-After", "12"), "slow down"))) {
      HttpPoster poster = poster(backend.url(), jdkClient);

      HttpPoster.Result result = poster.post("a body".getBytes(StandardCharsets.UTF_8));

      assertThat(result).isEqualTo(new HttpPoster.Answered(429, Optional.of("12"), "slow down"));
      FakeBackend.Received received = backend.received().get(0);
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.path()).isEqualTo("/api/v1/write");
      assertThat(received.text()).isEqualTo("a body");
      assertThat(received.header("Content-Type")).isEqualTo("text/plain");
      assertThat(received.header("Authorization")).isEqualTo("Bearer s3cret");
      assertThat(received.header("X-Scope-OrgID")).isEqualTo("fleet");
      assertThat(received.header("User-Agent")).startsWith("windlass");
    }
  }

  @ParameterizedTest(name = "jdk client: {0}")
  @ValueSource(booleans = {false, true})
  void saysWhyThereWasNoAnswer(boolean jdkClient) throws Exception {
    URI closed = FakeBackend.closedPort();
    assertThat(poster(closed, jdkClient).post(new byte[1]))
        .isInstanceOfSatisfying(
            HttpPoster.NoAnswer.class,
            noAnswer -> assertThat(noAnswer.reason()).startsWith("cannot connect to " + closed));
    try (FakeBackend backend = new FakeBackend(request -> FakeBackend.Reply.status(204))) {
      backend.respond(request -> backend.hang());
      assertThat(poster(backend.url(), jdkClient, WAITED_OUT_TIMEOUT).post(new byte[1]))
          .isEqualTo(new HttpPoster.NoAnswer("no answer from " + backend.url() + " within PT2S"));
      backend.release();
    }
  }

  /**
   * Covers a bug where a success whose body was cut counted as no answer, so that the request,
   * which the backend had stored, was sent again.
   */
  @ParameterizedTest(name = "jdk client: {0}, connection held: {1}")
  @CsvSource({"false, false", "false, true", "true, false", "true, true"})
  void aSuccessWhoseBodyIsCutCountsAsAnswered(boolean jdkClient, boolean hold) throws Exception {
    try (CutAnswerServer backend =
        new CutAnswerServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nstored", hold)) {
      HttpPoster.Result result =
          poster(backend.url(), jdkClient, hold ? WAITED_OUT_TIMEOUT : ANSWER_TIMEOUT)
              .post(new byte[10]);

      assertThat(result)
          .isInstanceOfSatisfying(
              HttpPoster.Answered.class, answer -> assertThat(answer.status()).isEqualTo(200));
    }
  }

  @ParameterizedTest(name = "jdk client: {0}, connection held: {1}")
  @CsvSource({"false, false", "false, true", "true, false", "true, true"})
  void aFailureWhoseBodyIsCutIsNoAnswer(boolean jdkClient, boolean hold) throws Exception {
    try (CutAnswerServer backend =
        new CutAnswerServer("HTTP/1.1 500 Oops\r\nContent-Length: 100\r\n\r\nbad", hold)) {
      assertThat(
              poster(backend.url(), jdkClient, hold ? WAITED_OUT_TIMEOUT : ANSWER_TIMEOUT)
                  .post(new byte[10]))
          .isInstanceOf(HttpPoster.NoAnswer.class);
    }
  }

  @ParameterizedTest(name = "jdk client: {0}")
  @ValueSource(booleans = {false, true})
  void aSuccessCutBeforeItsHeadersEndIsNoAnswer(boolean jdkClient) throws Exception {
    try (CutAnswerServer backend = new CutAnswerServer("HTTP/1.1 200 OK\r\nContent-Le", false)) {
      assertThat(poster(backend.url(), jdkClient).post(new byte[10]))
          .isInstanceOf(HttpPoster.NoAnswer.class);
    }
  }
}
