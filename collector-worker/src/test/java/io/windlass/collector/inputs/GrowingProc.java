package io.windlass.collector.inputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixture {@code /proc} on which time passes steadily: each read of its clock moves it on ten
 * seconds and rewrites the growing files with every counter grown by its value in the resource
 * (tick {@code n} holds {@code (n + 1)} times each number). Rates between any two consecutive ticks
 * are therefore the same, whatever order an input reads its files and its clock in.
 */
final class GrowingProc implements LongSupplier {
  private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(10);
  // A whole whitespace-separated number: not the digits inside names like cpu0, eth0 or dm-0.
  private static final Pattern NUMBER =
      Pattern.compile("(?<=^|\\s)\\d+(?=\\s|$)", Pattern.MULTILINE);

  private final ProcFixture fixture;
  private final Path dir;
  private final Map<String, String> growing = new LinkedHashMap<>();
  private long ticks;

  GrowingProc(Path dir) {
    this.dir = dir;
    this.fixture = new ProcFixture(dir);
  }

  /** The fixture as a proc root. */
  ProcRoot root() {
    return fixture.root();
  }

  /** Copies resource {@code proc/<resource>} to {@code <root>/<target>} as it is, once. */
  GrowingProc install(String resource, String target) {
    fixture.install(resource, target);
    return this;
  }

  /** Writes resource {@code proc/<resource>} to {@code <root>/<target>}, growing on each tick. */
  GrowingProc grow(String resource, String target) {
    try (InputStream in = GrowingProc.class.getResourceAsStream("/proc/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource proc/" + resource);
      }
      growing.put(target, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write();
    return this;
  }

  /** Moves on one tick: the clock by ten seconds, and the growing files with it. */
  @Override
  public long getAsLong() {
    ticks++;
    write();
    return ticks * TICK_NANOS;
  }

  private void write() {
    long factor = ticks + 1;
    for (Map.Entry<String, String> file : growing.entrySet()) {
      Matcher number = NUMBER.matcher(file.getValue());
      String grown = number.replaceAll(m -> Long.toString(Long.parseLong(m.group()) * factor));
      try {
        Path to = dir.resolve(file.getKey());
        Files.createDirectories(to.getParent());
        Files.writeString(to, grown, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
