package io.windlass.spool.socket;

import java.nio.charset.StandardCharsets;

/** How the socket protocols spell their reply lines. */
final class ReplyLines {

  static final String OK = "ok";
  static final String ERROR_PREFIX = "error: ";

  private ReplyLines() {}

  /** {@code error: <message>}, on one line, for {@code failure}. */
  static String error(Throwable failure) {
    String message = failure.getMessage();
    return error(message == null || message.isBlank() ? failure.toString() : message);
  }

  /** {@code error: <message>}, on one line. */
  static String error(String message) {
    return ERROR_PREFIX + oneLine(message);
  }

  /** {@code text} with every line break replaced by a space, so it cannot break the framing. */
  static String oneLine(String text) {
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  /** {@code line} and a newline, in UTF-8. */
  static byte[] encode(String line) {
    return (oneLine(line) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
