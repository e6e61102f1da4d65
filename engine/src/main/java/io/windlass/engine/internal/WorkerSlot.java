package io.windlass.engine.internal;

import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.Service;
import io.windlass.engine.Manifold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The loop's mutable record of one installed manifold. Loop-only: never read elsewhere. */
final class WorkerSlot {

  enum Phase {
    /** No worker and no attempt: never started, completed, failed, or missing an input. */
    STOPPED,
    /** An attempt waits out its restart delay. */
    WAITING,
    /** An attempt is creating or starting its worker. */
    STARTING,
    /** The worker is running and visible to dependents. */
    RUNNING
  }

  final Manifold manifold;

  /**
   * The manifold with its resolved inputs; replaced when a manifold installed later exposes a key
   * it awaited. Its key reservation is held for as long as the manifold is installed.
   */
  GraphValidator.Node node;

  ImmutableSet<String> inputs;

  final Supervisor supervisor;

  Phase phase = Phase.STOPPED;
  boolean stopRequested;
  @Nullable StartTicket ticket;
  @Nullable Service worker;

  @Nullable Throwable error;
  int startCount;
  @Nullable Instant started;
  long startedNanos;
  int recentErrors;

  boolean uninstallRequested;
  final List<CompletableFuture<Void>> uninstallWaiters = new ArrayList<>();

  WorkerSlot(GraphValidator.Node node, Supervisor supervisor) {
    this.manifold = node.manifold();
    this.node = node;
    this.inputs = node.inputs();
    this.supervisor = supervisor;
  }

  String name() {
    return manifold.name();
  }

  /** True while the engine waits on a thread or a worker (not on a timer) for this slot. */
  boolean busy() {
    return phase == Phase.STARTING || (phase == Phase.RUNNING && stopRequested);
  }

  /** The report's state word. */
  String state() {
    if (phase == Phase.STOPPED) {
      return "stopped";
    }
    if (stopRequested) {
      return "stopping";
    }
    return phase == Phase.RUNNING ? "started" : "starting";
  }
}
