package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeminfoTest {
  private static final Path FILE = Path.of("/proc/meminfo");

  private static Meminfo parse(String... lines) throws ProcFormatException {
    ProcLine[] parsed = new ProcLine[lines.length];
    for (int i = 0; i < lines.length; i++) {
      parsed[i] = new ProcLine(FILE, i + 1, lines[i]);
    }
    return Meminfo.parse(List.of(parsed));
  }

  @Test
  void kibibytesBecomeBytesAndCountsStayCounts() throws Exception {
    Meminfo info = parse("MemTotal:       2 kB", "HugePages_Total:       3", "");
    assertThat(info.get("MemTotal")).hasValue(2048);
    assertThat(info.get("HugePages_Total")).hasValue(3);
    assertThat(info.get("Nope")).isEmpty();
    assertThat(info.getOrZero("Nope")).isZero();
  }

  @Test
  void rejectsAnUnknownUnit() {
    assertThatThrownBy(() -> parse("MemTotal: 2 MB"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage("/proc/meminfo:1: unit 'MB' is not kB: 'MemTotal: 2 MB'");
  }

  @Test
  void rejectsAValueThatOverflowsInBytes() {
    assertThatThrownBy(() -> parse("MemTotal: 9223372036854775807 kB"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining("beyond the range");
  }
}
