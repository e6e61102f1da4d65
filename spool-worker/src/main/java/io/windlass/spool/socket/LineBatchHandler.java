package io.windlass.spool.socket;

import java.util.List;

/**
 * Answers request lines of the line protocol ({@link LineConnectionHandler}), a batch at a time.
 *
 * <p>A batch is the well-formed lines that had arrived on one connection when it was read, in
 * order, so an implementation can commit them together (one fsync for many lines). It returns
 * exactly one reply per line, in the same order: {@code ok}, {@code error: <message>}, or whatever
 * the protocol built on it defines. A reply must be one line; a line break in it is replaced by a
 * space. If it throws, every line of the batch is answered {@code error: <message>}, and the
 * connection goes on.
 *
 * <p>Called concurrently for concurrent connections; never concurrently for one connection.
 */
@FunctionalInterface
public interface LineBatchHandler {

  /**
   * Returns the replies to {@code lines}, one per line, in order.
   *
   * @param lines the request lines, without terminators, valid UTF-8, each at most the handler's
   *     maximum length; never empty
   */
  List<String> handle(List<String> lines) throws Exception;
}
