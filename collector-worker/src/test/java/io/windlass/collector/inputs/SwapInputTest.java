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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapInputTest {
  @TempDir Path dir;

  private static List<Metric> collect(SwapInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  private ProcFixture fixture(String vmstat) {
    return new ProcFixture(dir)
        .install("swap/meminfo", "meminfo")
        .install("swap/" + vmstat, "vmstat");
  }

  @Test
  void firstCollectReportsSpaceButNoTraffic() throws Exception {
    ProcFixture proc = fixture("vmstat-1");
    List<Metric> metrics = collect(new SwapInput(proc.root(), 4096, proc));

    assertThat(value(metrics, "total")).isEqualTo(2_097_152 * 1024.0);
    assertThat(value(metrics, "free")).isEqualTo(1_572_864 * 1024.0);
    assertThat(value(metrics, "used")).isEqualTo(524_288 * 1024.0);
    assertThat(value(metrics, "used_percent")).isEqualTo(25.0);
    assertThat(metrics).hasSize(4);
  }

  @Test
  void reportsTrafficFromTheDeltaOfPagesSwapped() throws Exception {
    ProcFixture proc = fixture("vmstat-1");
    SwapInput input = new SwapInput(proc.root(), 4096, proc);
    collect(input);
    proc.install("swap/vmstat-2", "vmstat");
    proc.advance(10, TimeUnit.SECONDS);

    List<Metric> metrics = collect(input);

    assertThat(value(metrics, "in_bytes_per_sec")).isEqualTo(10 * 4096.0);
    assertThat(value(metrics, "out_bytes_per_sec")).isEqualTo(40 * 4096.0);
  }

  @Test
  void skipsTrafficWhenACounterWentBackwards() throws Exception {
    ProcFixture proc = fixture("vmstat-1");
    SwapInput input = new SwapInput(proc.root(), 4096, proc);
    collect(input);
    proc.install("swap/vmstat-reset", "vmstat");
    proc.advance(10, TimeUnit.SECONDS);

    assertThat(collect(input)).extracting(Metric::name).doesNotContain("in_bytes_per_sec");
    proc.install("swap/vmstat-2", "vmstat");
    proc.advance(10, TimeUnit.SECONDS);
    assertThat(collect(input)).extracting(Metric::name).contains("in_bytes_per_sec");
  }

  @Test
  void skipsTrafficWhenNoTimePassed() throws Exception {
    ProcFixture proc = fixture("vmstat-1");
    SwapInput input = new SwapInput(proc.root(), 4096, proc);
    collect(input);
    assertThat(collect(input)).hasSize(4);
  }

  @Test
  void missingVmstatFailsNamingTheFile() {
    ProcFixture proc = new ProcFixture(dir).install("swap/meminfo", "meminfo");
    assertThatThrownBy(() -> collect(new SwapInput(proc.root(), 4096, proc)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("vmstat").toString());
  }

  @Test
  void rejectsANonPositivePageSize() {
    assertThatThrownBy(() -> new SwapInput(ProcRoot.DEFAULT, 0, System::nanoTime))
        .hasMessage("pageSize 0 must be > 0");
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/vmstat")));
    SwapInput input = new SwapInput();
    collect(input);
    List<Metric> metrics = collect(input);
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(value(metrics, "used_percent")).isBetween(0.0, 100.0);
    assertThat(metrics).allSatisfy(m -> assertThat(m.value()).isNotNegative());
  }
}
