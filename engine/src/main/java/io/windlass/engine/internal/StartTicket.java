package io.windlass.engine.internal;

import com.google.common.util.concurrent.Service;
import io.windlass.engine.EngineClock;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to run a manifold's worker, from the start request until the worker has ended. Events
 * carry their ticket, so the loop can tell an event of the current attempt from a late one of an
 * abandoned attempt.
 *
 * <p>The start thread and the loop meet here: the start thread {@link #enter() enters} before
 * creating the worker and {@link #exit exits} after; the loop may {@link #abort} at any time, which
 * interrupts a start in progress and stops a worker already created.
 */
final class StartTicket {
  final String manifold;
  final SnapshotResources resources;

  /** Loop-only: the pending restart delay and stop timeout. */
  EngineClock.@Nullable Timer delayTimer;

  EngineClock.@Nullable Timer stopTimer;

  private boolean aborted;
  private @Nullable Thread startThread;
  private @Nullable Service worker;

  StartTicket(String manifold, SnapshotResources resources) {
    this.manifold = manifold;
    this.resources = resources;
  }

  /** Start thread: returns false if the attempt was aborted before it began. */
  synchronized boolean enter() {
    if (aborted) {
      return false;
    }
    startThread = Thread.currentThread();
    return true;
  }

  /**
   * Start thread: records the worker it made (or null) and clears any interrupt aimed at it;
   * returns false if the attempt was aborted meanwhile.
   */
  synchronized boolean exit(@Nullable Service created) {
    startThread = null;
    Thread.interrupted();
    worker = created;
    return !aborted;
  }

  /** Loop: abandons the attempt, interrupting its start and stopping its worker off the loop. */
  synchronized void abort(Executor stopper) {
    if (aborted) {
      return;
    }
    aborted = true;
    resources.abort(stopper);
    if (startThread != null) {
      startThread.interrupt();
    }
    Service created = worker;
    if (created != null) {
      stopper.execute(created::stopAsync);
    }
  }

  synchronized boolean isAborted() {
    return aborted;
  }

  synchronized @Nullable Service worker() {
    return worker;
  }

  void cancelTimers() {
    if (delayTimer != null) {
      delayTimer.cancel();
      delayTimer = null;
    }
    if (stopTimer != null) {
      stopTimer.cancel();
      stopTimer = null;
    }
  }

  @Override
  public String toString() {
    return "StartTicket{"
        + manifold
        + "@"
        + Integer.toHexString(System.identityHashCode(this))
        + "}";
  }
}
