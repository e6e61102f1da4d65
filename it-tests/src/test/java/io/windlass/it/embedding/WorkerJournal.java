package io.windlass.it.embedding;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.Service;
import com.google.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's record of what its services did, in order ({@code "start store 1"}, {@code "stop
 * indexer 2"}), and of every worker that started. A host singleton that workers inject; the example
 * asserts on it.
 */
final class WorkerJournal {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Service> workers = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> generations = new ConcurrentHashMap<>();

  @Inject
  WorkerJournal() {}

  /** Records that a worker of {@code manifold} is starting; returns its generation, from 1. */
  int started(String manifold, Service worker) {
    int generation =
        generations.computeIfAbsent(manifold, k -> new AtomicInteger()).incrementAndGet();
    workers.add(worker);
    record("start " + manifold + " " + generation);
    return generation;
  }

  void record(String event) {
    events.add(event);
  }

  List<String> events() {
    return ImmutableList.copyOf(events);
  }

  /** Every worker that has started, oldest first. */
  List<Service> workers() {
    return ImmutableList.copyOf(workers);
  }

  /** The worker of {@code type} that started last. */
  <W extends Service> W latest(Class<W> type) {
    List<Service> all = workers();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (type.isInstance(all.get(i))) {
        return type.cast(all.get(i));
      }
    }
    throw new IllegalStateException("no " + type.getSimpleName() + " has started");
  }
}
