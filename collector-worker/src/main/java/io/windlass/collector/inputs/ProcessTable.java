package io.windlass.collector.inputs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of {@code /proc/<pid>/stat} that the reader can see, each by its state and thread
 * count. A process that exits between listing {@code /proc} and reading its {@code stat} is left
 * out.
 */
final class ProcessTable {
  /**
   * One process.
   *
   * @param state the state code of its {@code stat}, e.g. {@code R}, {@code S}
   * @param threads its number of threads
   */
  record Process(String state, long threads) {}

  // Fields after the ")" that closes the command name: state is the first, num_threads the 18th.
  private static final int STATE = 0;
  private static final int NUM_THREADS = 17;

  private ProcessTable() {}

  /** The processes under {@code root}. */
  static List<Process> read(ProcRoot root) throws IOException {
    List<Process> processes = new ArrayList<>();
    for (Path stat : statFiles(root)) {
      List<ProcLine> lines;
      try {
        lines = ProcRoot.readLines(stat);
      } catch (NoSuchFileException e) {
        continue; // the process exited
      } catch (IOException e) {
        if (Files.notExists(stat.getParent())) {
          continue; // the process exited while being read (ESRCH)
        }
        throw e;
      }
      if (lines.isEmpty()) {
        // An exited process's stat reads empty on some kernels.
        continue;
      }
      ProcLine line = lines.get(0);
      int close = line.text().lastIndexOf(')');
      if (close < 0) {
        throw line.malformed("expected 'pid (comm) state ...'");
      }
      List<String> fields =
          new ProcLine(line.file(), line.number(), line.text().substring(close + 1)).fields();
      if (fields.size() <= NUM_THREADS) {
        throw line.malformed("expected at least " + (NUM_THREADS + 1) + " fields after (comm)");
      }
      processes.add(
          new Process(
              fields.get(STATE), line.parseCounter(fields.get(NUM_THREADS), "num_threads")));
    }
    return processes;
  }

  private static List<Path> statFiles(ProcRoot root) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(root.path())) {
      for (Path entry : dir) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          files.add(entry.resolve("stat"));
        }
      }
    }
    return files;
  }
}
