package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiTableTest {

  private static byte[] ascii(String text) {
    return text.getBytes(US_ASCII);
  }

  @Test
  void hashesAsStringDoes() {
    for (String text : new String[] {"", "a", "instance", "sendbench_metric_042", "~!@#$%^&*()"}) {
      byte[] padded = ascii("__" + text + "__");
      assertThat(AsciiTable.hash(padded, 2, text.length())).as(text).isEqualTo(text.hashCode());
    }
  }

  @Test
  void findsAValueByBytesOrByString() {
    AsciiTable<Integer> table = new AsciiTable<>();
    table.put(ascii("host"), "host".hashCode(), 1);
    table.put(ascii("hostname"), "hostname".hashCode(), 2);

    byte[] line = ascii("{\"host\":\"a\",\"hostname\":\"b\"}");
    assertThat(table.get(line, 2, 4, "host".hashCode())).isEqualTo(1);
    assertThat(table.get(line, 13, 8, "hostname".hashCode())).isEqualTo(2);
    assertThat(table.get(line, 13, 4, "host".hashCode())).isEqualTo(1);
    assertThat(table.get("hostname", "hostname".hashCode())).isEqualTo(2);
    assertThat(table.get(line, 13, 3, "hos".hashCode())).isNull();
    assertThat(table.get("hosts", "hosts".hashCode())).isNull();
    assertThat(table.get("hóst", "hóst".hashCode())).isNull();
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void keepsTextsWhoseHashesCollideApart() {
    // "Aa" and "BB" have the same string hash.
    AsciiTable<String> table = new AsciiTable<>();
    table.put(ascii("Aa"), "Aa".hashCode(), "first");
    table.put(ascii("BB"), "BB".hashCode(), "second");

    assertThat(table.get(ascii("BB"), 0, 2, "BB".hashCode())).isEqualTo("second");
    assertThat(table.get("Aa", "Aa".hashCode())).isEqualTo("first");
  }

  @Test
  void growsAndStartsOverOnceFull() {
    AsciiTable<Integer> table = new AsciiTable<>();
    for (int i = 0; i < AsciiTable.MAX_ENTRIES; i++) {
      String text = "text-" + i;
      table.put(ascii(text), text.hashCode(), i);
    }
    assertThat(table.size()).isEqualTo(AsciiTable.MAX_ENTRIES);
    assertThat(table.get("text-0", "text-0".hashCode())).isEqualTo(0);
    assertThat(table.get("text-16383", "text-16383".hashCode())).isEqualTo(16383);

    table.put(ascii("one more"), "one more".hashCode(), -1);

    assertThat(table.size()).isEqualTo(1);
    assertThat(table.get("text-0", "text-0".hashCode())).isNull();
    assertThat(table.get("one more", "one more".hashCode())).isEqualTo(-1);
  }
}
