package io.windlass.collector.inputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures of {@code /proc/meminfo}, in bytes: {@code MemTotal: 16318108 kB} becomes {@code
 * MemTotal → 16709742592}. Lines without a unit ({@code HugePages_Total: 0}) are kept as counts.
 */
final class Meminfo {
  /**
   * One line of the file.
   *
   * @param key the name before the colon, e.g. {@code Active(anon)}
   * @param value the value, in bytes when {@code inBytes}
   * @param inBytes whether the line had a unit (kB), so the value was converted to bytes
   */
  record Field(String key, long value, boolean inBytes) {}

  private final Map<String, Long> values;
  private final List<Field> fields;

  private Meminfo(Map<String, Long> values, List<Field> fields) {
    this.values = values;
    this.fields = List.copyOf(fields);
  }

  /** Reads {@code meminfo} under {@code root}. */
  static Meminfo read(ProcRoot root) throws IOException {
    return parse(root.readLines("meminfo"));
  }

  static Meminfo parse(List<ProcLine> lines) throws ProcFormatException {
    Map<String, Long> values = new LinkedHashMap<>();
    List<Field> fields = new ArrayList<>();
    for (ProcLine line : lines) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.text().indexOf(':');
      if (colon <= 0) {
        throw line.malformed("expected 'Name: value [kB]'");
      }
      String key = line.text().substring(0, colon).strip();
      String[] rest = line.text().substring(colon + 1).strip().split("\\s+");
      if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
        throw line.malformed("expected 'Name: value [kB]'");
      }
      long value = line.parseCounter(rest[0], key);
      if (rest.length == 2) {
        if (!rest[1].equals("kB")) {
          throw line.malformed("unit '" + rest[1] + "' is not kB");
        }
        if (value > Long.MAX_VALUE / 1024) {
          throw line.malformed(key + " " + rest[0] + " kB is beyond the range of a 64-bit count");
        }
        value *= 1024;
      }
      values.put(key, value);
      fields.add(new Field(key, value, rest.length == 2));
    }
    return new Meminfo(values, fields);
  }

  /** Every line, in file order. */
  List<Field> fields() {
    return fields;
  }

  /** The value named {@code key}, if the file has it. */
  OptionalLong get(String key) {
    Long value = values.get(key);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** The value named {@code key}, or 0 when the file does not have it. */
  long getOrZero(String key) {
    return values.getOrDefault(key, 0L);
  }
}
