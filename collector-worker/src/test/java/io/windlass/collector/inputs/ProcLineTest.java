package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcLineTest {
  private static final Path FILE = Path.of("/proc/stat");

  @Test
  void splitsFieldsOnRunsOfWhitespace() {
    assertThat(new ProcLine(FILE, 1, "  cpu0 \t1  2 ").fields()).containsExactly("cpu0", "1", "2");
    assertThat(new ProcLine(FILE, 1, "   ").fields()).isEmpty();
  }

  @Test
  void parsesUnsignedCounters() throws Exception {
    assertThat(new ProcLine(FILE, 1, "x").parseCounter("9223372036854775807", "c"))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rejectsCountersBeyondSigned64Bits() {
    ProcLine line = new ProcLine(FILE, 3, "cpu 18446744073709551615");
    assertThatThrownBy(() -> line.parseCounter("18446744073709551615", "cpu user"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(
            "/proc/stat:3: cpu user 18446744073709551615 is beyond the range of a signed 64-bit"
                + " counter: 'cpu 18446744073709551615'");
  }

  @Test
  void rejectsNegativeAndNonNumericCounters() {
    ProcLine line = new ProcLine(FILE, 2, "cpu -1");
    assertThatThrownBy(() -> line.parseCounter("-1", "cpu user"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage("/proc/stat:2: cpu user '-1' is not a decimal counter: 'cpu -1'");
  }

  @Test
  void rejectsNonFiniteDecimals() {
    ProcLine line = new ProcLine(FILE, 1, "NaN");
    assertThatThrownBy(() -> line.parseDecimal("NaN", "load1"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage("/proc/stat:1: load1 'NaN' is not finite: 'NaN'");
  }

  @Test
  void malformedCarriesFileAndLine() {
    ProcFormatException e = new ProcLine(FILE, 5, "oops").malformed("bad");
    assertThat(e.file()).isEqualTo(FILE);
    assertThat(e.line()).isEqualTo(5);
  }
}
