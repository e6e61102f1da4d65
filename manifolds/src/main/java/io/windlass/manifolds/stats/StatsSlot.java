package io.windlass.manifolds.stats;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Where one worker publishes the source of its stats while it runs. A later publication replaces an
 * earlier one; withdrawing a publication that was replaced leaves the newer one, so a worker
 * stopping late never hides the stats of the one that replaced it. Thread-safe.
 *
 * @param <T> the stats record
 */
public final class StatsSlot<T> {
  private final AtomicReference<Publication> current = new AtomicReference<>();

  /** One worker's publication; closing it withdraws it, if it is still the current one. */
  public final class Publication implements AutoCloseable {
    private final Supplier<? extends T> source;

    private Publication(Supplier<? extends T> source) {
      this.source = source;
    }

    @Override
    public void close() {
      current.compareAndSet(this, null);
    }
  }

  /** Publishes {@code source}, read on every {@link #read()} until the publication is closed. */
  public Publication publish(Supplier<? extends T> source) {
    Publication publication = new Publication(source);
    current.set(publication);
    return publication;
  }

  /** The published stats, read now; empty while no worker publishes. */
  public Optional<T> read() {
    Publication publication = current.get();
    return publication == null ? Optional.empty() : Optional.of(publication.source.get());
  }
}
