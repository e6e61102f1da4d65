package io.windlass.spool.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteKeyCacheTest {
  private static final byte[] LINE = "xx a{b=\"c\"} 1 a 2".getBytes(StandardCharsets.US_ASCII);

  @Test
  void findsAValueByARangeOfALargerArray() {
    ByteKeyCache<String> cache = new ByteKeyCache<>(16);
    cache.put(LINE, 3, 11, "series");

    assertThat(cache.get("a{b=\"c\"}".getBytes(StandardCharsets.US_ASCII), 0, 8))
        .isEqualTo("series");
    assertThat(cache.get(LINE, 3, 10)).isNull();
    assertThat(cache.get(LINE, 14, 15)).isNull();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void replacesAValueAndEmptiesItselfWhenFull() {
    ByteKeyCache<Integer> cache = new ByteKeyCache<>(4);
    for (int i = 0; i < 4; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
      cache.put(key, 0, key.length, i);
    }
    byte[] k0 = "k0".getBytes(StandardCharsets.US_ASCII);
    cache.put(k0, 0, 2, 10);
    assertThat(cache.get(k0, 0, 2)).isEqualTo(10);
    assertThat(cache.size()).isEqualTo(4);

    byte[] k9 = "k9".getBytes(StandardCharsets.US_ASCII);
    cache.put(k9, 0, 2, 9);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(k0, 0, 2)).isNull();
    assertThat(cache.get(k9, 0, 2)).isEqualTo(9);
  }

  @Test
  void emptiesItselfWhenItsKeysWouldPassItsBytes() {
    ByteKeyCache<Integer> cache = new ByteKeyCache<>(1_000, 100);
    byte[] key = new byte[40];
    for (int i = 0; i < 3; i++) {
      key[0] = (byte) i;
      assertThat(cache.isFull(key.length)).isEqualTo(i == 2);
      cache.put(key, 0, key.length, i);
    }

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.bytes()).isEqualTo(40);
    assertThat(cache.get(key, 0, key.length)).isEqualTo(2);
  }
}
