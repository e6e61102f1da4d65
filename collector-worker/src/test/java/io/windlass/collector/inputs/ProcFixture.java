package io.windlass.collector.inputs;

import io.windlass.collector.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A fixture {@code /proc} in a temporary directory, filled from {@code src/test/resources/proc},
 * with a hand-driven nanosecond clock for rate inputs.
 */
final class ProcFixture implements LongSupplier {
  private final Path dir;
  private long nanos = 1_000_000_000L;

  ProcFixture(Path dir) {
    this.dir = dir;
  }

  /** The fixture as a proc root. */
  ProcRoot root() {
    return new ProcRoot(dir);
  }

  /** Copies resource {@code proc/<resource>} to {@code <root>/<target>}, replacing it. */
  ProcFixture install(String resource, String target) {
    Path to = dir.resolve(target);
    try (InputStream in = ProcFixture.class.getResourceAsStream("/proc/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource proc/" + resource);
      }
      Files.createDirectories(to.getParent());
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Moves the clock on. */
  void advance(long amount, TimeUnit unit) {
    nanos += unit.toNanos(amount);
  }

  @Override
  public long getAsLong() {
    return nanos;
  }

  /** A resource directory {@code proc/<resource>} as a proc root, in place. */
  static ProcRoot resourceRoot(String resource) {
    URL url = ProcFixture.class.getResource("/proc/" + resource);
    if (url == null) {
      throw new IllegalArgumentException("no resource proc/" + resource);
    }
    try {
      return new ProcRoot(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The value of the one metric named {@code name} with exactly {@code tags}. */
  static double value(List<Metric> metrics, String name, Map<String, String> tags) {
    List<Metric> matching =
        metrics.stream().filter(m -> m.name().equals(name) && m.tags().equals(tags)).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          matching.size() + " metrics named " + name + " with " + tags + " in " + metrics);
    }
    return matching.get(0).value();
  }

  /** The value of the one metric named {@code name} without tags. */
  static double value(List<Metric> metrics, String name) {
    return value(metrics, name, Map.of());
  }

  /** Whether every value is finite and every timestamp is left to the pipeline. */
  static boolean allFiniteAndUnstamped(List<Metric> metrics) {
    return metrics.stream().allMatch(m -> Double.isFinite(m.value()) && m.timestamp() == 0);
  }
}
