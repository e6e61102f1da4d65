package io.windlass.collector.inputs;

import static io.windlass.collector.inputs.ProcFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetInputTest {
  @TempDir Path dir;

  private static List<Metric> collect(NetInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  @Test
  void reportsRatesPerInterfaceFromTheDeltaBetweenCollects() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("net/dev-1", "net/dev");
    NetInput input = new NetInput(proc.root(), NetInput.DEFAULT_EXCLUDE, proc);
    assertThat(collect(input)).isEmpty();
    proc.install("net/dev-2", "net/dev");
    proc.advance(10, TimeUnit.SECONDS);

    List<Metric> metrics = collect(input);

    Map<String, String> eth0 = Map.of("interface", "eth0");
    assertThat(value(metrics, "bytes_recv_per_sec", eth0)).isEqualTo(100_000.0);
    assertThat(value(metrics, "packets_recv_per_sec", eth0)).isEqualTo(100.0);
    assertThat(value(metrics, "errors_in_per_sec", eth0)).isEqualTo(1.0);
    assertThat(value(metrics, "drops_in_per_sec", eth0)).isEqualTo(2.0);
    assertThat(value(metrics, "bytes_sent_per_sec", eth0)).isEqualTo(50_000.0);
    assertThat(value(metrics, "packets_sent_per_sec", eth0)).isEqualTo(60.0);
    assertThat(value(metrics, "errors_out_per_sec", eth0)).isEqualTo(0.0);
    assertThat(value(metrics, "drops_out_per_sec", eth0)).isEqualTo(0.5);
    // lo is excluded; docker0 was re-created, so its counters went backwards.
    assertThat(metrics).hasSize(8);
  }

  @Test
  void excludePatternIsConfigurable() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("net/dev-1", "net/dev");
    NetInput input = new NetInput(proc.root(), Pattern.compile("eth\\d+"), proc);
    collect(input);
    proc.install("net/dev-2", "net/dev");
    proc.advance(10, TimeUnit.SECONDS);

    assertThat(collect(input)).extracting(m -> m.tags().get("interface")).containsOnly("lo");
  }

  @Test
  void malformedLineFailsNamingFileAndLine() {
    ProcFixture proc = new ProcFixture(dir).install("net/dev-malformed", "net/dev");
    assertThatThrownBy(() -> collect(new NetInput(proc.root(), NetInput.DEFAULT_EXCLUDE, proc)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(
            dir.resolve("net/dev") + ":3: expected 'interface: counters': '  eth0 50000000 40000'");
  }

  @Test
  void missingFileFailsNamingTheFile() {
    ProcFixture proc = new ProcFixture(dir);
    assertThatThrownBy(() -> collect(new NetInput(proc.root(), NetInput.DEFAULT_EXCLUDE, proc)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("net/dev").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/dev")));
    NetInput input = new NetInput();
    collect(input);
    List<Metric> metrics = collect(input);
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(metrics).allSatisfy(m -> assertThat(m.value()).isNotNegative());
    assertThat(metrics).noneMatch(m -> "lo".equals(m.tags().get("interface")));
  }
}
