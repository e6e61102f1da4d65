package io.windlass.engine.internal;

import io.windlass.engine.Manifold;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Everything that changes engine state arrives at the loop as one of these. */
sealed interface LoopEvent {

  /** The engine started: install the validated initial manifolds. */
  record Boot(List<Manifold> manifolds, GraphValidator.Result graph) implements LoopEvent {}

  /** Install manifolds at run time, all or none; the reply completes once accepted or rejected. */
  record Install(List<Manifold> manifolds, CompletableFuture<Void> reply) implements LoopEvent {}

  /** Remove a manifold; the reply (if any) completes once it is gone. */
  record Uninstall(String name, @Nullable CompletableFuture<Void> reply) implements LoopEvent {}

  /** Stop the engine: dependents first, then their inputs. */
  record Kill() implements LoopEvent {}

  /** A restart delay has passed. */
  record StartDue(StartTicket ticket) implements LoopEvent {}

  /** The ticket's worker reached RUNNING. */
  record WorkerRunning(StartTicket ticket) implements LoopEvent {}

  /** The ticket's start failed or was aborted, or its worker terminated (error null) or failed. */
  record WorkerEnded(StartTicket ticket, @Nullable Throwable error) implements LoopEvent {}

  /** The ticket was asked to stop and has not ended within the stop timeout. */
  record StopTimedOut(StartTicket ticket) implements LoopEvent {}
}
