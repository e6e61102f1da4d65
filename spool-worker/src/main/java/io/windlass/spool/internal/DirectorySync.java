package io.windlass.spool.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for directory fsyncs. A publisher that has renamed its files into place calls {@link
 * #awaitSynced()}; it returns once a sync that <em>started after</em> the call has succeeded. While
 * one sync runs, every publisher that arrives waits for it to end and then one of them syncs once
 * for all of them, so N concurrent publishers cost about two syncs, not N.
 *
 * <p>A failed sync is thrown to the publisher that ran it; the others it would have covered try
 * again themselves.
 */
public final class DirectorySync {
  /** The operation that makes earlier directory changes durable. */
  @FunctionalInterface
  public interface SyncAction {
    /** Syncs; every change made before the call is durable when it returns. */
    void sync() throws IOException;
  }

  private final SyncAction action;
  private final Object lock = new Object();
  private final AtomicLong syncs = new AtomicLong();

  // Guarded by lock.
  private long requested;
  private long synced;
  private boolean syncing;

  /** Group commit over {@code action}. */
  public DirectorySync(SyncAction action) {
    this.action = action;
  }

  /** Returns once every change this thread made before the call is durable. */
  public void awaitSynced() throws IOException {
    long target;
    synchronized (lock) {
      long ticket = ++requested;
      while (syncing && synced < ticket) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for a directory sync");
        }
      }
      if (synced >= ticket) {
        return;
      }
      // No sync is running and none has covered this ticket: run one for everyone waiting.
      syncing = true;
      target = requested;
    }
    boolean ok = false;
    try {
      action.sync();
      syncs.incrementAndGet();
      ok = true;
    } finally {
      synchronized (lock) {
        syncing = false;
        if (ok) {
          synced = Math.max(synced, target);
        }
        lock.notifyAll();
      }
    }
  }

  /** How many syncs have succeeded. */
  public long syncs() {
    return syncs.get();
  }
}
