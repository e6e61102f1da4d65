package io.windlass.engine;

import com.google.common.util.concurrent.AbstractService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker whose every transition happens at once on the calling thread, and which a test ends by
 * hand: {@link #fail}, {@link #complete}.
 */
class TestWorker extends AbstractService {
  private static final AtomicInteger IDS = new AtomicInteger();

  final String name;
  final int id = IDS.incrementAndGet();

  TestWorker(String name) {
    this.name = name;
  }

  @Override
  protected void doStart() {
    notifyStarted();
  }

  @Override
  protected void doStop() {
    notifyStopped();
  }

  /** Ends the worker with {@code error}, as a failed worker. */
  void fail(Throwable error) {
    notifyFailed(error);
  }

  /** Ends the worker cleanly, as a completed worker. */
  void complete() {
    stopAsync();
  }

  @Override
  public String toString() {
    return "TestWorker{" + name + "#" + id + " " + state() + "}";
  }
}
