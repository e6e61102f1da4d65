package io.windlass.collector.nsenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.windlass.collector.process.TimedProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelperTest {

  /** An action that echoes its request's {@code say}, or fails when there is none. */
  private static final class Echo implements HelperAction {
    @Override
    public String actionType() {
      return "echo";
    }

    @Override
    public JsonNode run(JsonNode request) {
      if (!request.has("say")) {
        throw new IllegalArgumentException("nothing to say");
      }
      return TextNode.valueOf(request.get("say").asText());
    }
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    return Helper.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        Map.of("echo", new Echo()));
  }

  private NsEnterResponse response() throws Exception {
    return NsEnterHelper.parseResponse(out.toByteArray());
  }

  @Test
  void runsTheNamedActionOnTheRequest() throws Exception {
    assertThat(run("{\"say\":\"hi\"}", "echo")).isZero();
    assertThat(response()).isEqualTo(NsEnterResponse.ok(TextNode.valueOf("hi")));
  }

  @Test
  void aFailingActionAnswersSuccessFalseWithStatusZero() throws Exception {
    assertThat(run("{}", "echo")).isZero();
    assertThat(response())
        .isEqualTo(
            NsEnterResponse.failed(
                "echo failed: java.lang.IllegalArgumentException: nothing to say"));
  }

  @Test
  void anUnknownActionIsAUsageError() throws Exception {
    assertThat(run("{}", "nope")).isEqualTo(2);
    assertThat(response())
        .isEqualTo(NsEnterResponse.failed("unknown action type nope; known: [echo]"));
  }

  @Test
  void noActionIsAUsageError() throws Exception {
    assertThat(run("{}")).isEqualTo(2);
    assertThat(response()).isEqualTo(NsEnterResponse.failed("usage: Helper <actionType>"));
  }

  @Test
  void aRequestThatIsNotJsonIsAUsageError() throws Exception {
    assertThat(run("{oops", "echo")).isEqualTo(2);
    assertThat(response().message()).startsWith("request is not JSON: ");
    out.reset();
    assertThat(run("", "echo")).isEqualTo(2);
    assertThat(response()).isEqualTo(NsEnterResponse.failed("request is empty"));
  }

  @Test
  void findsDialcheckOnTheClasspath() {
    assertThat(Helper.actions()).containsKey("dialcheck");
  }

  @Test
  void asAProcessWritesExactlyOneResponseLineToStdout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String request =
          "{\"host\":\"127.0.0.1\",\"port\":"
              + server.getLocalPort()
              + ",\"connectTimeoutMillis\":2000}";
      TimedProcess.Outcome outcome =
          TimedProcess.run(
              List.of(
                  CommandRequestExecutor.runningJava(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Helper.class.getName(),
                  "dialcheck"),
              request.getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(30),
              1 << 20);
      assertThat(outcome.exitCode()).as(outcome.stderrTail()).isZero();
      assertThat(outcome.stdoutText().lines()).hasSize(1);
      NsEnterResponse response = NsEnterHelper.parseResponse(outcome.stdout());
      assertThat(response.success()).isTrue();
      assertThat(NsEnterHelper.processResponse(response.data()))
          .anySatisfy(m -> assertThat(m.name() + "=" + m.value()).isEqualTo("up=1.0"));
    }
  }
}
