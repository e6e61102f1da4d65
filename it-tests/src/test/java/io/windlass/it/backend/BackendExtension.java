package io.windlass.it.backend;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Runs a {@link BackendProcess} for a test class or for each test, and prints the tail of its log
 * when a test fails.
 *
 * <pre>
 * // One server for the whole class (started before the first test, closed after the last):
 * &#64;RegisterExtension
 * static final BackendExtension&lt;PrometheusServer&gt; PROMETHEUS =
 *     new BackendExtension&lt;&gt;(PrometheusServer::new);
 *
 * // A fresh server for each test: the same, on an instance field.
 * &#64;RegisterExtension
 * final BackendExtension&lt;VictoriaMetricsServer&gt; vm =
 *     new BackendExtension&lt;&gt;(VictoriaMetricsServer::new);
 *
 * ... PROMETHEUS.get().query("up") ...
 * </pre>
 *
 * <p>The supplier creates the fixture unstarted (it may configure it first); the extension starts
 * it. A start that fails or times out throws with the log's tail in the message.
 */
public final class BackendExtension<T extends BackendProcess>
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        TestWatcher {
  private final Supplier<T> factory;
  private T backend;

  /** The last fixture created: its log outlives it, for a failure reported after afterEach. */
  private T lastBackend;

  private boolean perClass;

  public BackendExtension(Supplier<T> factory) {
    this.factory = factory;
  }

  /** The running fixture. */
  public T get() {
    if (backend == null) {
      throw new IllegalStateException("the backend is started before each test, not yet now");
    }
    return backend;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    startNew();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeBackend();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      startNew();
    } else if (!backend.isRunning()) {
      // A test stopped or killed it and failed before starting it again.
      backend.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      closeBackend();
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    printTail(context);
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    printTail(context);
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {}

  @Override
  public void testSuccessful(ExtensionContext context) {}

  private void startNew() {
    backend = factory.get();
    lastBackend = backend;
    backend.start();
    System.out.printf(
        "%s started in %d ms (log %s)%n",
        backend, backend.lastStartDuration().toMillis(), backend.logFile());
  }

  private void printTail(ExtensionContext context) {
    BackendProcess b = lastBackend;
    if (b == null) {
      return;
    }
    System.err.printf(
        "%n--- %s failed; last %d lines of %s (%s) ---%n%s%n--- end of %s ---%n",
        context.getDisplayName(),
        BackendProcess.TAIL_LINES,
        b,
        b.logFile(),
        b.tail(BackendProcess.TAIL_LINES),
        b.logFile());
  }

  private void closeBackend() {
    if (backend != null) {
      try {
        backend.close();
      } finally {
        if (!perClass) {
          backend = null;
        }
      }
    }
  }
}
