package io.windlass.collector.nsenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRequestExecutorTest {

  private static NsEnterRequest request(String body, Duration timeout) {
    return new NsEnterRequest("state", "probe", body, timeout);
  }

  private static CommandRequestExecutor sh(String script) {
    return new CommandRequestExecutor((pid, action) -> List.of("sh", "-c", script));
  }

  private static void assertFails(
      CommandRequestExecutor executor,
      NsEnterRequest request,
      NsEnterException.Reason reason,
      String message) {
    assertThatThrownBy(() -> executor.execute(42, request))
        .isInstanceOfSatisfying(
            NsEnterException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessage(message);
  }

  @Test
  void defaultCommandEntersTheTargetsNetworkNamespaceAndRunsTheHelper() {
    CommandRequestExecutor executor =
        CommandRequestExecutor.nsenter("/opt/jdk/bin/java", "a.jar:b");
    assertThat(executor.command(1234, "dialcheck"))
        .containsSubsequence("nsenter", "--target", "1234", "--net", "--", "/opt/jdk/bin/java")
        .containsSubsequence("-cp", "a.jar:b", "io.windlass.collector.nsenter.Helper", "dialcheck")
        .endsWith("dialcheck");
  }

  @Test
  void forTheRunningJvmUsesItsJavaAndClasspath() {
    assertThat(CommandRequestExecutor.nsenterForRunningJvm().command(7, "dialcheck"))
        .contains(CommandRequestExecutor.runningJava(), System.getProperty("java.class.path"));
  }

  @Test
  void writesTheBodyToStdinAndReadsTheResponseFromStdout() throws Exception {
    String body = "{\"success\":true,\"message\":\"\",\"data\":[]}";
    NsEnterResponse response = sh("cat").execute(42, request(body, Duration.ofSeconds(20)));
    assertThat(response.success()).isTrue();
    assertThat(response.data().isArray()).isTrue();
  }

  @Test
  void passesTheTargetPidAndActionTypeToTheCommandLine() throws Exception {
    CommandRequestExecutor executor =
        new CommandRequestExecutor(
            (pid, action) ->
                List.of(
                    "sh",
                    "-c",
                    "printf '{\"success\":false,\"message\":\"%s %s\"}' \"$0\" \"$1\"",
                    Long.toString(pid),
                    action));
    assertThat(executor.execute(42, request("{}", Duration.ofSeconds(20))))
        .isEqualTo(NsEnterResponse.failed("42 probe"));
  }

  @Test
  void aNonZeroExitIsAFailureCarryingStderr() {
    assertFails(
        sh("cat >/dev/null; echo 'nsenter: cannot open /proc/42/ns/net' >&2; exit 1"),
        request("{}", Duration.ofSeconds(20)),
        NsEnterException.Reason.EXIT_STATUS,
        "probe helper for pid 42 exited with status 1: nsenter: cannot open /proc/42/ns/net");
  }

  @Test
  void outputThatIsNotJsonIsABadResponse() {
    assertFails(
        sh("echo 'Picked up JAVA_TOOL_OPTIONS'"),
        request("{}", Duration.ofSeconds(20)),
        NsEnterException.Reason.BAD_RESPONSE,
        "helper output is not JSON: Unrecognized token 'Picked': was expecting (JSON String,"
            + " Number, Array, Object or token 'null', 'true' or 'false') in \"Picked up"
            + " JAVA_TOOL_OPTIONS\"");
  }

  @Test
  void aMissingProgramIsAStartFailure() {
    CommandRequestExecutor executor =
        new CommandRequestExecutor((pid, action) -> List.of("/nonexistent/wl-helper"));
    assertThatThrownBy(() -> executor.execute(42, request("{}", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            NsEnterException.class,
            e -> assertThat(e.reason()).isEqualTo(NsEnterException.Reason.START_FAILED))
        .hasMessageStartingWith("cannot run helper /nonexistent/wl-helper: ");
  }
}
