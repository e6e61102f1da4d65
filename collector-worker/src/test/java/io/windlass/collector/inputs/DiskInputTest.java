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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskInputTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  /** Space by mount point, as a fixture statvfs; other mount points do not exist. */
  private static final DiskSpace.Probe FAKE_STATVFS =
      mountPoint -> {
        switch (mountPoint.toString()) {
          case "/":
            return new DiskSpace("?", "?", 100 * GIB, 40 * GIB, 35 * GIB);
          case "/boot/efi":
            return new DiskSpace("?", "?", 512L << 20, 500L << 20, 500L << 20);
          case "/mnt/backup disk":
            return new DiskSpace("?", "?", 0, 0, 0);
          case "/data":
            return new DiskSpace("/dev/sdd1", "xfs", 10 * GIB, 10 * GIB, 10 * GIB);
          default:
            throw new NoSuchFileException(mountPoint.toString());
        }
      };

  private static List<Metric> collect(DiskInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  @Test
  void reportsRealMountsFromTheMountTable() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("disk/mounts", "mounts");
    List<Metric> metrics =
        collect(
            new DiskInput(
                proc.root(), List.of(), DiskInput.DEFAULT_IGNORED_FS_TYPES, FAKE_STATVFS));

    Map<String, String> root = Map.of("path", "/", "device", "/dev/nvme0n1p2", "fstype", "ext4");
    assertThat(value(metrics, "total", root)).isEqualTo(100.0 * GIB);
    assertThat(value(metrics, "free", root)).isEqualTo(40.0 * GIB);
    assertThat(value(metrics, "used", root)).isEqualTo(60.0 * GIB);
    assertThat(value(metrics, "available", root)).isEqualTo(35.0 * GIB);
    assertThat(value(metrics, "used_percent", root)).isEqualTo(60.0 * 100 / 95);
    Map<String, String> efi =
        Map.of("path", "/boot/efi", "device", "/dev/nvme0n1p1", "fstype", "vfat");
    assertThat(value(metrics, "used", efi)).isEqualTo(12.0 * (1 << 20));
    // Pseudo filesystems, squashfs, an empty filesystem and a vanished mount are not reported.
    assertThat(metrics).extracting(m -> m.tags().get("path")).containsOnly("/", "/boot/efi");
    assertThat(metrics).hasSize(10);
  }

  @Test
  void reportsConfiguredMountPointsOnly() throws Exception {
    List<Metric> metrics =
        collect(
            new DiskInput(new ProcRoot(dir), List.of(Path.of("/data")), Set.of(), FAKE_STATVFS));

    Map<String, String> data = Map.of("path", "/data", "device", "/dev/sdd1", "fstype", "xfs");
    assertThat(value(metrics, "used", data)).isEqualTo(0.0);
    assertThat(value(metrics, "used_percent", data)).isEqualTo(0.0);
    assertThat(metrics).hasSize(5);
  }

  @Test
  void configuredMountPointThatCannotBeReadFailsTheCollect() {
    DiskInput input =
        new DiskInput(new ProcRoot(dir), List.of(Path.of("/nowhere")), Set.of(), FAKE_STATVFS);
    assertThatThrownBy(() -> collect(input))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage("/nowhere");
  }

  @Test
  void malformedMountTableFailsNamingFileAndLine() {
    ProcFixture proc = new ProcFixture(dir).install("disk/mounts-malformed", "mounts");
    assertThatThrownBy(() -> collect(new DiskInput(proc.root(), List.of(), Set.of(), FAKE_STATVFS)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(dir.resolve("mounts") + ":1: ");
  }

  @Test
  void missingMountTableFailsNamingTheFile() {
    assertThatThrownBy(
            () -> collect(new DiskInput(new ProcRoot(dir), List.of(), Set.of(), FAKE_STATVFS)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("mounts").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/mounts")));
    List<Metric> metrics = collect(new DiskInput());
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(metrics).extracting(Metric::name).contains("total", "used_percent");
    assertThat(metrics)
        .filteredOn(m -> m.name().equals("used_percent"))
        .allSatisfy(m -> assertThat(m.value()).isBetween(0.0, 100.0));
  }

  @Test
  void probesARealFileStore() throws Exception {
    DiskSpace space = DiskSpace.ofFileStore(dir);
    assertThat(space.total()).isPositive();
    assertThat(space.free()).isBetween(0L, space.total());
    assertThat(space.available()).isBetween(0L, space.total());
  }
}
