package io.windlass.collector.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one command to completion within a deadline.
 *
 * <p>The command's stdin gets {@code stdin} and is then closed; stdout is kept up to a limit (the
 * rest is read and discarded so the child never blocks on a full pipe); stderr keeps its last
 * {@value #STDERR_TAIL_BYTES} bytes for error messages. When the deadline passes, the process and
 * every descendant alive at that moment are killed ({@link ProcessHandle#destroyForcibly()}) and
 * {@link TimeoutException} is thrown. A grandchild that detached itself before the deadline and
 * keeps stdout open also ends in a {@link TimeoutException}, but it is no longer in the tree and is
 * not killed.
 */
public final class TimedProcess {
  /** How much of stderr is kept for messages. */
  public static final int STDERR_TAIL_BYTES = 4096;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "windlass-process-io-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private TimedProcess() {}

  /**
   * What a finished process left.
   *
   * @param exitCode its exit status
   * @param stdout its standard output, at most the limit given to {@link #run}
   * @param stdoutTruncated whether stdout was longer than the limit
   * @param stderrTail the last bytes of its standard error, decoded as UTF-8
   */
  public record Outcome(int exitCode, byte[] stdout, boolean stdoutTruncated, String stderrTail) {

    /** Stdout decoded as UTF-8. */
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs {@code command}, feeding it {@code stdin}, and waits at most {@code timeout} for it to
   * exit and close its output.
   *
   * @throws IOException when the process cannot be started
   * @throws TimeoutException when it outlives {@code timeout}; it and its descendants were killed
   * @throws InterruptedException when interrupted while waiting; it and its descendants were killed
   */
  public static Outcome run(
      List<String> command, byte[] stdin, Duration timeout, int maxStdoutBytes)
      throws IOException, TimeoutException, InterruptedException {
    Objects.requireNonNull(stdin, "stdin");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " must be > 0");
    }
    if (maxStdoutBytes < 0) {
      throw new IllegalArgumentException("maxStdoutBytes " + maxStdoutBytes + " must be >= 0");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Process process = new ProcessBuilder(command).start();
    IO.submit(() -> writeAndClose(process.getOutputStream(), stdin));
    Future<Bounded> out = IO.submit(() -> readHead(process.getInputStream(), maxStdoutBytes));
    Future<byte[]> err = IO.submit(() -> readTail(process.getErrorStream(), STDERR_TAIL_BYTES));
    try {
      if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        killTree(process);
        throw new TimeoutException(
            command.get(0) + " did not exit within " + timeout + "; killed it and its children");
      }
      Bounded stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
      byte[] stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
      return new Outcome(
          process.exitValue(),
          stdout.bytes(),
          stdout.truncated(),
          new String(stderr, StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      killTree(process);
      if (e.getMessage() != null) {
        throw e;
      }
      throw new TimeoutException(
          command.get(0) + " exited but its output stayed open past " + timeout);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    } catch (ExecutionException e) {
      killTree(process);
      throw new IOException("reading output of " + command.get(0) + " failed", e.getCause());
    }
  }

  /**
   * Kills {@code process} and every descendant alive now. Descendants are listed before the parent
   * dies, since an orphan is re-parented and no longer found under it.
   */
  public static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static Void writeAndClose(OutputStream stdin, byte[] bytes) {
    try (stdin) {
      stdin.write(bytes);
    } catch (IOException e) {
      // The child exited or closed its stdin without reading it all; its exit status tells.
    }
    return null;
  }

  private record Bounded(byte[] bytes, boolean truncated) {}

  private static Bounded readHead(InputStream in, int max) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    boolean truncated = false;
    try (in) {
      for (int n; (n = in.read(buf)) != -1; ) {
        int room = max - kept.size();
        if (n > room) {
          truncated = true;
        }
        kept.write(buf, 0, Math.min(n, room));
      }
    }
    return new Bounded(kept.toByteArray(), truncated);
  }

  private static byte[] readTail(InputStream in, int max) throws IOException {
    byte[] ring = new byte[max];
    long total = 0;
    byte[] buf = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buf)) != -1; ) {
        for (int i = 0; i < n; i++) {
          ring[(int) (total++ % max)] = buf[i];
        }
      }
    }
    if (total <= max) {
      return java.util.Arrays.copyOf(ring, (int) total);
    }
    byte[] tail = new byte[max];
    int start = (int) (total % max);
    System.arraycopy(ring, start, tail, 0, max - start);
    System.arraycopy(ring, 0, tail, max - start, start);
    return tail;
  }
}
