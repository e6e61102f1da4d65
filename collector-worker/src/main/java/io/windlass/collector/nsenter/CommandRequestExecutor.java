package io.windlass.collector.nsenter;

import io.windlass.collector.process.TimedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Runs each request as a child process: the command from a {@link CommandLine}, the body on its
 * stdin, the response read from its stdout, the whole bounded by the request's timeout (on timeout
 * the process and its descendants are killed).
 */
public final class CommandRequestExecutor implements RequestExecutor {
  /** The largest response read; a longer one is a bad response. */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  /** Builds the command that runs action {@code actionType} in the namespace of {@code pid}. */
  @FunctionalInterface
  public interface CommandLine {
    /** The command, program first. */
    List<String> build(long targetPid, String actionType);
  }

  private final CommandLine commandLine;

  /** An executor running what {@code commandLine} builds. */
  public CommandRequestExecutor(CommandLine commandLine) {
    this.commandLine = Objects.requireNonNull(commandLine, "commandLine");
  }

  /**
   * The default: {@code nsenter --target <pid> --net -- <java> -cp <classpath> Helper <action>},
   * with this JVM's java launcher and {@code java.class.path}.
   */
  public static CommandRequestExecutor nsenterForRunningJvm() {
    return nsenter(runningJava(), System.getProperty("java.class.path"));
  }

  /** {@code nsenter --target <pid> --net -- <java> -cp <classpath> Helper <action>}. */
  public static CommandRequestExecutor nsenter(String java, String classpath) {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(classpath, "classpath");
    if (classpath.isBlank()) {
      throw new IllegalArgumentException("helper classpath must not be blank");
    }
    return new CommandRequestExecutor(
        (pid, actionType) ->
            List.of(
                "nsenter",
                "--target",
                Long.toString(pid),
                "--net",
                "--",
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                classpath,
                Helper.class.getName(),
                actionType));
  }

  /** The java launcher of this JVM. */
  public static String runningJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The command this executor runs for {@code request} against {@code targetPid}. */
  public List<String> command(long targetPid, String actionType) {
    return List.copyOf(commandLine.build(targetPid, actionType));
  }

  @Override
  public NsEnterResponse execute(long targetPid, NsEnterRequest request)
      throws NsEnterException, InterruptedException {
    List<String> command = command(targetPid, request.actionType());
    TimedProcess.Outcome outcome;
    try {
      outcome =
          TimedProcess.run(
              command,
              request.body().getBytes(StandardCharsets.UTF_8),
              request.timeout(),
              MAX_RESPONSE_BYTES);
    } catch (IOException e) {
      throw new NsEnterException(
          NsEnterException.Reason.START_FAILED,
          "cannot run helper " + command.get(0) + ": " + e.getMessage(),
          e);
    } catch (TimeoutException e) {
      throw new NsEnterException(
          NsEnterException.Reason.TIMEOUT,
          request.actionType() + " helper for pid " + targetPid + ": " + e.getMessage(),
          e);
    }
    if (outcome.exitCode() != 0) {
      throw new NsEnterException(
          NsEnterException.Reason.EXIT_STATUS,
          request.actionType()
              + " helper for pid "
              + targetPid
              + " exited with status "
              + outcome.exitCode()
              + stderrSuffix(outcome.stderrTail()));
    }
    if (outcome.stdoutTruncated()) {
      throw new NsEnterException(
          NsEnterException.Reason.BAD_RESPONSE,
          "helper response longer than " + MAX_RESPONSE_BYTES + " bytes");
    }
    return NsEnterHelper.parseResponse(outcome.stdout());
  }

  private static String stderrSuffix(String stderr) {
    String s = stderr.strip();
    return s.isEmpty() ? "" : ": " + s;
  }
}
