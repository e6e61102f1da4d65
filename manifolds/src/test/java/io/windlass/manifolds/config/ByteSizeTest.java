package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "4096, 4096",
    "4096B, 4096",
    "1KiB, 1024",
    "512MiB, 536870912",
    "1GiB, 1073741824",
    "2TiB, 2199023255552",
    "1kB, 1000",
    "1KB, 1000",
    "1GB, 1000000000",
    "1.5GiB, 1610612736",
    "'512 MiB', 536870912",
    "' 1MB ', 1000000"
  })
  void readsBytesAndDecimalAndBinaryUnits(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "12XB | \"12XB\" is not a size (use e.g. 512MiB)",
        "lots | \"lots\" is not a size (use e.g. 512MiB)",
        "'' | \"\" is not a size (use e.g. 512MiB)",
        "MiB | \"MiB\" is not a size (use e.g. 512MiB)",
        "-1MiB | \"-1MiB\" is not a size: it must not be negative",
        "512M | \"512M\" is not a size: write 512MiB (powers of 1024) or 512MB (powers of 1000)",
        "1k | \"1k\" is not a size: write 1KiB (powers of 1024) or 1KB (powers of 1000)",
        "12mib | \"12mib\" is not a size: write the unit as MiB (case matters)",
        "1.5B | \"1.5B\" is not a whole number of bytes",
        "0.3KiB | \"0.3KiB\" is not a whole number of bytes",
        "9000000TiB | \"9000000TiB\" is too large (at most 8EiB)"
      })
  void saysWhatIsWrongWithAnythingElse(String text, String message) {
    assertThatThrownBy(() -> ByteSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0B",
    "536870912, 512MiB",
    "1073741824, 1GiB",
    "1000000000, 1GB",
    "1000, 1kB",
    "3072, 3KiB",
    "1001, 1001B"
  })
  void printsInTheLargestExactUnit(long bytes, String text) {
    assertThat(ByteSize.ofBytes(bytes)).hasToString(text);
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }
}
