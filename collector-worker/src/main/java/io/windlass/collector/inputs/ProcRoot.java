package io.windlass.collector.inputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the host's {@code /proc} is: {@code /proc} itself, a host's {@code /proc} mounted elsewhere
 * (e.g. {@code /host/proc} in a container), or a fixture directory in tests.
 *
 * @param path the directory standing for {@code /proc}
 */
public record ProcRoot(Path path) {

  /** The running system's {@code /proc}. */
  public static final ProcRoot DEFAULT = new ProcRoot(Path.of("/proc"));

  /** Validates. */
  public ProcRoot {
    Objects.requireNonNull(path, "path");
  }

  /** The file at {@code relative} under this root, e.g. {@code resolve("net/dev")}. */
  public Path resolve(String relative) {
    return path.resolve(relative);
  }

  /**
   * Reads the file at {@code relative} as numbered lines.
   *
   * @throws java.nio.file.NoSuchFileException naming the file when it does not exist
   */
  public List<ProcLine> readLines(String relative) throws IOException {
    return readLines(resolve(relative));
  }

  /** Reads {@code file} as numbered lines (the first is line 1). */
  static List<ProcLine> readLines(Path file) throws IOException {
    List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<ProcLine> lines = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      lines.add(new ProcLine(file, i + 1, texts.get(i)));
    }
    return lines;
  }
}
