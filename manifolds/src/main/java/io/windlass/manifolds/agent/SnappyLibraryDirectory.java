package io.windlass.manifolds.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where snappy-java puts the native library it extracts: the agent's {@code <data-dir>/run/}
 * instead of the system's temporary folder.
 *
 * <p>snappy-java extracts its library anew in every process that compresses or decompresses (the
 * sender to a remote-write sink, remote-write pushes), to {@code
 * snappy-<version>-<random>-libsnappyjava.so} in {@value #TEMPDIR_PROPERTY} (by default {@code
 * java.io.tmpdir}), and deletes it only when the JVM exits normally. An agent that was killed
 * (SIGKILL, the OOM killer, a power cut) left one behind there, some 280 KiB, at every start; under
 * a supervisor that restarts it, they pile up in /tmp, often memory. In the data directory, which
 * one agent holds at a time ({@link DataDirectoryLock}), those that earlier processes left are
 * removed when the agent starts.
 *
 * <p>The property is set until {@link #close}, which gives it back its earlier value: a library
 * already loaded stays loaded, and one loaded later (a command run in a JVM that lives on, as tests
 * do) is extracted where it would have been.
 */
public final class SnappyLibraryDirectory implements AutoCloseable {
  /** The system property snappy-java reads, once, where to extract its library. */
  static final String TEMPDIR_PROPERTY = "org.xerial.snappy.tempdir";

  /** The names snappy-java gives the libraries it extracts. */
  static final String LIBRARY_GLOB = "snappy-*-libsnappyjava.so";

  private final @Nullable String previous;
  private final int removed;

  private SnappyLibraryDirectory(@Nullable String previous, int removed) {
    this.previous = previous;
    this.removed = removed;
  }

  /**
   * Removes the libraries left in {@code directory}, which must exist and belong to this process
   * alone (the locked data directory's {@code run/}), and has snappy-java extract there from now
   * on.
   *
   * @throws IOException the directory cannot be listed or a library in it cannot be removed
   */
  public static SnappyLibraryDirectory use(Path directory) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> left = Files.newDirectoryStream(directory, LIBRARY_GLOB)) {
      for (Path library : left) {
        if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)
            && Files.deleteIfExists(library)) {
          removed++;
        }
      }
    }
    String previous = System.setProperty(TEMPDIR_PROPERTY, directory.toString());
    return new SnappyLibraryDirectory(previous, removed);
  }

  /** How many libraries earlier processes had left, removed by {@link #use}. */
  public int removed() {
    return removed;
  }

  @Override
  public void close() {
    if (previous == null) {
      System.clearProperty(TEMPDIR_PROPERTY);
    } else {
      System.setProperty(TEMPDIR_PROPERTY, previous);
    }
  }
}
