package io.windlass.spool.ingest.http;

import com.google.common.collect.ImmutableMap;
import io.windlass.spool.LabelSet;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Pushgateway grouping key: the labels a push's path names, {@code job} first, as the Prometheus
 * Pushgateway reads {@code /metrics/job/<job>{/<label>/<value>}}. Every sample of the push gets
 * them ({@link #applyTo}): they replace the sample's own labels of the same name, as the
 * Pushgateway's do.
 *
 * <p>The path's text is the Pushgateway's: each name and value is one path segment,
 * percent-encoded; a name ending in {@value #BASE64_SUFFIX} takes its value in base64url ({@code
 * -}/{@code _}, padding optional), so a value may hold a {@code /} or be empty ({@code =}). An
 * empty value stands for no label, as in Prometheus; the job may not be empty.
 *
 * @param labels the labels, {@code job} first, then in the order of the path (a name given twice
 *     keeps its last value; {@code job} keeps the first segment's)
 */
public record GroupingKey(Map<String, String> labels) {

  /** The suffix of a label name whose value is base64url. */
  public static final String BASE64_SUFFIX = "@base64";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public GroupingKey {
    labels = ImmutableMap.copyOf(labels);
    if (!labels.containsKey("job") || labels.get("job").isEmpty()) {
      throw new IllegalArgumentException("job name is required");
    }
  }

  /** The job. */
  public String job() {
    return labels.get("job");
  }

  /**
   * The key a path names after {@code /metrics/}: {@code job/<job>{/<label>/<value>}}, or {@code
   * job@base64/<base64url>...}, as sent (percent-encoded).
   *
   * @throws IllegalArgumentException for anything else, saying what is wrong, as the Pushgateway
   *     answers {@code 400}
   */
  public static GroupingKey parse(String path) {
    String[] segments = path.split("/", -1);
    if (segments.length % 2 != 0) {
      throw new IllegalArgumentException(
          "odd number of components in the grouping key \"" + path + "\"");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < segments.length; i += 2) {
      String name = percentDecoded(segments[i]);
      String value = percentDecoded(segments[i + 1]);
      if (name.endsWith(BASE64_SUFFIX)) {
        name = name.substring(0, name.length() - BASE64_SUFFIX.length());
        value = base64Decoded(name, value);
      }
      if (i == 0 && !name.equals("job")) {
        throw new IllegalArgumentException(
            "the grouping key must start with job: \"" + path + "\"");
      }
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        throw new IllegalArgumentException("improper label name \"" + name + "\"");
      }
      if (i > 0 && name.equals("job")) {
        continue;
      }
      labels.remove(name);
      labels.put(name, value);
    }
    return new GroupingKey(labels);
  }

  /**
   * {@code sampleLabels} with this key's: each replaces the label of its name, and an empty one
   * removes it.
   */
  public LabelSet applyTo(Map<String, String> sampleLabels) {
    Map<String, String> grouped = new TreeMap<>(sampleLabels);
    labels.forEach(
        (name, value) -> {
          if (value.isEmpty()) {
            grouped.remove(name);
          } else {
            grouped.put(name, value);
          }
        });
    return LabelSet.of(grouped);
  }

  private static String percentDecoded(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    byte[] bytes = new byte[segment.length()];
    int n = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
        if (low < 0) {
          throw new IllegalArgumentException("bad percent-encoding in \"" + segment + "\"");
        }
        bytes[n++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
      } else {
        throw new IllegalArgumentException(
            "a character that is not encoded in \"" + segment + "\"");
      }
    }
    return utf8(ByteBuffer.wrap(bytes, 0, n), segment);
  }

  private static String base64Decoded(String name, String value) {
    String unpadded = value;
    while (unpadded.endsWith("=")) {
      unpadded = unpadded.substring(0, unpadded.length() - 1);
    }
    try {
      return utf8(ByteBuffer.wrap(Base64.getUrlDecoder().decode(unpadded)), value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid base64url encoding in the value of " + name + ": \"" + value + "\"", e);
    }
  }

  private static String utf8(ByteBuffer bytes, String text) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not UTF-8", e);
    }
  }
}
