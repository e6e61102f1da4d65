package io.windlass.spool;

/**
 * An error's text as one short line, for places that keep or show the latest error of something (a
 * pipeline's last collect error, a label value): each run of whitespace and control characters
 * becomes one space, leading and trailing ones go, and the line is at most {@value #MAX_LENGTH}
 * characters, the last of them an ellipsis ({@code …}) when it was cut. A cut never splits a
 * surrogate pair.
 */
public final class ErrorLine {

  /** The longest line, the ellipsis included. */
  public static final int MAX_LENGTH = 200;

  private ErrorLine() {}

  /** {@code error} on one line of at most {@value #MAX_LENGTH} characters. */
  public static String of(String error) {
    StringBuilder line = new StringBuilder(Math.min(error.length(), MAX_LENGTH + 1));
    boolean space = false;
    for (int i = 0; i < error.length() && line.length() <= MAX_LENGTH; i++) {
      char c = error.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = line.length() > 0;
        continue;
      }
      if (space) {
        line.append(' ');
        space = false;
      }
      line.append(c);
    }
    if (line.length() <= MAX_LENGTH) {
      return line.toString();
    }
    int cut = MAX_LENGTH - 1;
    if (Character.isHighSurrogate(line.charAt(cut - 1))) {
      cut--;
    }
    return line.substring(0, cut) + "…";
  }
}
