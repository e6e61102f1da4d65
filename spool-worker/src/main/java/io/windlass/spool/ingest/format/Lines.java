package io.windlass.spool.ingest.format;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines on {@code \n}, dropping one trailing {@code \r} from each. */
final class Lines {
  private Lines() {}

  static List<String> of(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      lines.add(line);
      start = end + 1;
    }
    return lines;
  }
}
