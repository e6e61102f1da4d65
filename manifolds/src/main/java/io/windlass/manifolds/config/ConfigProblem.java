package io.windlass.manifolds.config;

/**
 * One problem in an agent config: where it is and what is wrong.
 *
 * @param source the file as it was named, e.g. {@code /etc/windlass.yaml}
 * @param line the 1-based line of the offending key or value, or 0 when the problem has no position
 *     (the file cannot be read)
 * @param column the 1-based column, or 0 with {@code line}
 * @param path the dotted key path, e.g. {@code spool.declared-metrics[1].kind}; empty when the
 *     problem concerns the whole file
 * @param message what is wrong, e.g. {@code "12XB" is not a size (use e.g. 512MiB)}
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {

  /** The longest value a message quotes in full. */
  private static final int QUOTE_LIMIT = 60;

  /**
   * The problem as one line: {@code windlass.yaml:4:14: spool.max-bytes: "12XB" is not a size (use
   * e.g. 512MiB)}.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }

  /** {@code value} in double quotes, escaped, and shortened if it is long. */
  static String quote(String value) {
    String shown =
        value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT - 3) + "..." : value;
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
