package io.windlass.manifolds.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWatcherTest {
  private static final String TAG_A = "agent:\n  tag: a\n";

  private final AgentConfigReader reader = new AgentConfigReader(() -> "host");

  @TempDir Path dir;
  private Path file;
  private ConfigFileWatcher watcher;

  @BeforeEach
  void loadTheFirstConfig() throws IOException {
    file = dir.resolve("windlass.yaml");
    watcher = watching(TAG_A, UnaryOperator.identity());
  }

  private ConfigFileWatcher watching(String yaml, UnaryOperator<AgentConfig> overrides)
      throws IOException {
    Files.writeString(file, yaml);
    byte[] content = Files.readAllBytes(file);
    AgentConfig running = overrides.apply(reader.parse(file.toString(), content));
    return new ConfigFileWatcher(file, reader, overrides, content, running);
  }

  /** Replaces the file as most editors save: write a temporary file, then rename it over. */
  private void replaceByRename(String yaml) throws IOException {
    Path temporary = dir.resolve(".windlass.yaml.swp");
    Files.writeString(temporary, yaml);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aChangeToAnUnusableDataDirectoryIsRejectedAndTheRunningConfigKept() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("data"), "a file");
    replaceByRename("agent:\n  tag: a\n  data-dir: " + notADirectory + "\n");

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Settling.class);
    ConfigFileWatcher.Outcome outcome = watcher.poll();

    assertThat(outcome).isInstanceOf(ConfigFileWatcher.Rejected.class);
    assertThat(((ConfigFileWatcher.Rejected) outcome).problems().problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            file + ": agent.data-dir: data directory " + notADirectory + " is not a directory");
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);
  }

  @Test
  void aChangeToAUsableDataDirectoryIsAChange() throws IOException {
    Path other = dir.resolve("other-data");
    replaceByRename("agent:\n  tag: a\n  data-dir: " + other + "\n");

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Settling.class);
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Changed.class);
  }

  @Test
  void anUntouchedFileIsUnchanged() {
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);
    assertThat(watcher.rejected()).isNull();
  }

  @Test
  void aValidChangeIsReportedOnceTheFileReadsTheSameOnTwoPolls() throws IOException {
    replaceByRename("agent:\n  tag: b\n");

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Settling.class);
    ConfigFileWatcher.Outcome outcome = watcher.poll();

    assertThat(outcome).isInstanceOf(ConfigFileWatcher.Changed.class);
    assertThat(((ConfigFileWatcher.Changed) outcome).config().agent().tag()).isEqualTo("b");
  }

  @Test
  void aFileStillBeingWrittenIsNotActedOnUntilItSettles() throws IOException {
    Files.writeString(file, "agent:\n  tag: b\n");
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Settling.class);
    Files.writeString(file, "agent:\n  tag: b\nspool:\n  max-age: 1d\n");
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Settling.class);

    ConfigFileWatcher.Outcome outcome = watcher.poll();

    assertThat(outcome).isInstanceOf(ConfigFileWatcher.Changed.class);
    assertThat(((ConfigFileWatcher.Changed) outcome).config().spool().maxAge()).hasDays(1);
  }

  @Test
  void anEditInPlaceWithTheSameSizeAndModificationTimeIsSeen() throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, "agent:\n  tag: z\n");
    Files.setLastModifiedTime(file, before);

    watcher.poll();

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Changed.class);
  }

  @Test
  void aSymbolicLinkSwapIsSeen() throws IOException {
    Path first = Files.writeString(dir.resolve("first.yaml"), TAG_A);
    Path second = Files.writeString(dir.resolve("second.yaml"), "agent:\n  tag: c\n");
    Files.delete(file);
    Files.createSymbolicLink(file, first);
    watcher = new ConfigFileWatcher(file, reader, c -> c, Files.readAllBytes(first), parse(TAG_A));

    Path link = dir.resolve("windlass.yaml.new");
    Files.createSymbolicLink(link, second);
    Files.move(link, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    watcher.poll();

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Changed.class);
  }

  @Test
  void anInvalidChangeIsRejectedOnceWithAllItsProblems() throws IOException {
    replaceByRename("agent:\n  tag: \"a b\"\nspool:\n  max-bytes: 12XB\n");
    watcher.poll();

    ConfigFileWatcher.Outcome outcome = watcher.poll();

    assertThat(outcome).isInstanceOf(ConfigFileWatcher.Rejected.class);
    assertThat(((ConfigFileWatcher.Rejected) outcome).problems().problems())
        .extracting(ConfigProblem::path)
        .containsExactly("agent.tag", "spool.max-bytes");
    assertThat(watcher.poll()).as("reported once").isInstanceOf(ConfigFileWatcher.Unchanged.class);
    assertThat(watcher.rejected()).as("still shown").isNotNull();
  }

  @Test
  void afterARejectionAFixedFileIsAChange() throws IOException {
    replaceByRename("agent:\n  tag: \"a b\"\n");
    watcher.poll();
    watcher.poll();

    replaceByRename("agent:\n  tag: b\n");
    watcher.poll();

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Changed.class);
  }

  @Test
  void revertingARejectedChangeClearsIt() throws IOException {
    replaceByRename("agent:\n  tag: \"a b\"\n");
    watcher.poll();
    watcher.poll();

    replaceByRename(TAG_A);

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);
    assertThat(watcher.rejected()).isNull();
  }

  @Test
  void aRewriteThatMeansTheSameIsNotAChange() throws IOException {
    replaceByRename("# reformatted\nagent: {tag: a}\n");
    watcher.poll();

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Same.class);
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);
  }

  @Test
  void aChangeTheOverridesHideIsNotAChange() throws IOException {
    watcher = watching(TAG_A, config -> config.withDataDir(Path.of("/override")));

    replaceByRename(TAG_A + "  data-dir: /elsewhere\n");
    watcher.poll();

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Same.class);
  }

  @Test
  void aMissingFileIsRejectedAndTheNextFileIsAChange() throws IOException {
    Files.delete(file);
    watcher.poll();

    ConfigFileWatcher.Outcome outcome = watcher.poll();

    assertThat(outcome).isInstanceOf(ConfigFileWatcher.Rejected.class);
    assertThat(((ConfigFileWatcher.Rejected) outcome).problems().problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(file + ": cannot read: no such file");
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);

    Files.writeString(file, "agent:\n  tag: d\n");
    watcher.poll();
    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Changed.class);
  }

  @Test
  void aFileDeletedAndRecreatedBetweenPollsWithTheSameContentIsUnchanged() throws IOException {
    Files.delete(file);
    Files.write(file, TAG_A.getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    assertThat(watcher.poll()).isInstanceOf(ConfigFileWatcher.Unchanged.class);
  }

  private AgentConfig parse(String yaml) {
    return reader.parse("windlass.yaml", yaml);
  }
}
