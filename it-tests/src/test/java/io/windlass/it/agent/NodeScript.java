package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js script of {@code src/test/node} run with real client libraries (installed there by
 * {@code npm ci}, which {@code scripts/test} runs when {@code node_modules} is missing): its
 * output, and that it ended well.
 */
final class NodeScript {
  /** The directory of the scripts and their {@code package.json}. */
  static final Path DIR =
      Paths.get(System.getProperty("windlass.it.node.dir", "src/test/node"))
          .toAbsolutePath()
          .normalize();

  private static final long TIMEOUT_SECONDS = 120;

  private NodeScript() {}

  /**
   * Runs {@code node <script> <args>} and returns what it printed on stdout.
   *
   * @throws AssertionError if it exits with another status than 0, with its stderr
   */
  static String run(String script, String... args) throws IOException, InterruptedException {
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      throw new IllegalStateException(
          DIR.resolve("node_modules")
              + " is missing: run scripts/test, or npm ci in "
              + DIR
              + " (needs nodejs and npm)");
    }
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("node-script", ".out");
    Path err = Files.createTempFile("node-script", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(DIR.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            script + " did not end within " + TIMEOUT_SECONDS + " s: " + Files.readString(err));
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(process.exitValue())
          .as(script + " " + String.join(" ", args) + ": " + stderr)
          .isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
