package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalStringsTest {

  @Test
  void givesOneStringForOneTextReadFromBytesOrGivenAsAString() {
    CanonicalStrings strings = new CanonicalStrings();
    byte[] line = "key=web-01 host=web-01".getBytes(US_ASCII);

    String first = strings.get(line, 4, 6);
    String second = strings.get(line, 16, 6);
    String given = strings.get(new String("web-01"));

    assertThat(first).isEqualTo("web-01");
    assertThat(second).isSameAs(first);
    assertThat(given).isSameAs(first);
    assertThat(strings.get(line, 0, 3)).isEqualTo("key");
    assertThat(strings.size()).isEqualTo(2);
  }

  @Test
  void keepsAGivenStringForTheBytesReadLater() {
    CanonicalStrings strings = new CanonicalStrings();
    String given = new String("instance");

    assertThat(strings.get(given)).isSameAs(given);
    assertThat(strings.get("an instance".getBytes(US_ASCII), 3, 8)).isSameAs(given);
  }

  @Test
  void passesTextOutsideAsciiThroughWithoutKeepingIt() {
    CanonicalStrings strings = new CanonicalStrings();
    String text = new String("zürich");

    assertThat(strings.get(text)).isSameAs(text);
    assertThat(strings.get(new String("zürich"))).isNotSameAs(text).isEqualTo(text);
    assertThat(strings.size()).isZero();
  }
}
