package io.windlass.spool.socket;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line protocol: newline-delimited UTF-8 requests, one reply line per request line.
 *
 * <ul>
 *   <li>A client may send many lines before it reads any reply (pipelining); replies come in the
 *       order of the lines. A client that is done sends end of stream (shuts down its output), then
 *       reads the remaining replies until the agent closes the connection.
 *   <li>The lines already received when the connection is read go to the {@link LineBatchHandler}
 *       as one batch; their replies are written and flushed before the next read.
 *   <li>A line is at most {@code maxLineLength} bytes, not counting its {@code \n} and one optional
 *       {@code \r}. A longer one is answered {@code error: line longer than N bytes}; its bytes are
 *       discarded as they arrive, never buffered. A line that is not valid UTF-8 is answered {@code
 *       error: line is not valid UTF-8}. Either way the connection goes on with the next line.
 *   <li>An unterminated last line before the client's end of stream counts as a line. One cut short
 *       by the deadline or by the listener stopping is dropped unanswered.
 *   <li>The connection's deadline is renewed after every batch, so it bounds each batch: a client
 *       that stalls mid-line, or stops reading its replies, is cut off.
 * </ul>
 */
public final class LineConnectionHandler implements ConnectionHandler {

  /** The default longest line: 64 KiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

  private static final Logger logger = LoggerFactory.getLogger(LineConnectionHandler.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final LineBatchHandler batchHandler;
  private final int maxLineLength;

  /** Lines of at most {@link #DEFAULT_MAX_LINE_LENGTH} bytes. */
  public LineConnectionHandler(LineBatchHandler batchHandler) {
    this(batchHandler, DEFAULT_MAX_LINE_LENGTH);
  }

  public LineConnectionHandler(LineBatchHandler batchHandler, int maxLineLength) {
    this.batchHandler = requireNonNull(batchHandler, "batchHandler");
    checkArgument(maxLineLength >= 1, "maxLineLength %s must be >= 1", maxLineLength);
    this.maxLineLength = maxLineLength;
  }

  public int maxLineLength() {
    return maxLineLength;
  }

  @Override
  public void handle(Connection connection) throws IOException {
    InputStream in = connection.input();
    OutputStream out = new BufferedOutputStream(connection.output(), 8192);
    LineFramer framer = new LineFramer(maxLineLength);
    List<LineFramer.Frame> frames = new ArrayList<>();
    byte[] buffer = new byte[READ_BUFFER_BYTES];
    while (true) {
      int n = in.read(buffer);
      if (n < 0) {
        if (connection.isCutOff()) {
          throw new IOException("cut off at the deadline");
        }
        if (connection.isEndOfStreamFromClient()) {
          framer.finish(frames); // the client's unterminated last line
          answer(frames, out, connection);
          out.flush();
        }
        return;
      }
      framer.feed(buffer, 0, n, frames);
      if (!frames.isEmpty()) {
        answer(frames, out, connection);
        out.flush();
        frames.clear();
        connection.renewDeadline();
      }
    }
  }

  private void answer(List<LineFramer.Frame> frames, OutputStream out, Connection connection)
      throws IOException {
    List<String> lines = new ArrayList<>(frames.size());
    for (LineFramer.Frame frame : frames) {
      if (frame instanceof LineFramer.Line line) {
        lines.add(line.text());
      }
    }
    List<String> replies = lines.isEmpty() ? List.of() : replies(lines, connection);
    int next = 0;
    for (LineFramer.Frame frame : frames) {
      String reply;
      if (frame instanceof LineFramer.Refused refused) {
        reply = refused.reply();
      } else {
        reply = replies.get(next++);
      }
      out.write(ReplyLines.encode(reply));
    }
  }

  private List<String> replies(List<String> lines, Connection connection) throws IOException {
    List<String> replies;
    try {
      replies = batchHandler.handle(List.copyOf(lines));
      if (replies == null || replies.size() != lines.size()) {
        throw new IllegalStateException(
            "the line handler returned "
                + (replies == null ? "null" : replies.size() + " replies")
                + " for "
                + lines.size()
                + " lines");
      }
      for (String reply : replies) {
        if (reply == null) {
          throw new IllegalStateException("the line handler returned a null reply");
        }
      }
      return replies;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while handling lines", e);
    } catch (Exception e) {
      logger.warn("handling {} lines from {} failed", lines.size(), connection, e);
      String reply = ReplyLines.error(e);
      List<String> errors = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        errors.add(reply);
      }
      return errors;
    }
  }
}
