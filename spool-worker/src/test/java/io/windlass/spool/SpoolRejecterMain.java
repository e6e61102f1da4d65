package io.windlass.spool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that rejects every batch of a spool, oldest first, and acknowledges each rejection on
 * standard output once {@link MetricReader#reject} has returned, for a test to kill:
 *
 * <pre>
 * SpoolRejecterMain &lt;dir&gt;
 * </pre>
 *
 * Output: {@code READY} once the spool is open, per batch {@code REJECTED <uuid> END}, and {@code
 * DONE} when the spool is empty.
 */
public final class SpoolRejecterMain {
  static final String REASON = "test rejection";

  private SpoolRejecterMain() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    try (SpoolDirectory spool =
            SpoolDirectory.open(
                Path.of(args[0]), SpoolOptions.builder().rescanInterval(Duration.ZERO).build());
        MetricReader reader = spool.reader()) {
      out.println("READY");
      out.flush();
      while (true) {
        MetricBatch batch;
        try (BatchCursor cursor = reader.oldestFirst(1, Long.MAX_VALUE)) {
          batch = cursor.next();
        }
        if (batch == null) {
          break;
        }
        if (reader.reject(batch.uuid(), REASON)) {
          out.println("REJECTED " + batch.uuid() + " END");
          out.flush();
        }
      }
      out.println("DONE");
      out.flush();
    }
  }
}
