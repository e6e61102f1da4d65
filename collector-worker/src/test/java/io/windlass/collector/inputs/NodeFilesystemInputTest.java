package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windlass.spool.MetricType;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeFilesystemInputTest {
  private static final FilesystemStats STATS = new FilesystemStats(1000, 400, 300, 50, 20);

  @TempDir Path dir;

  /** Every mount point reads {@link #STATS}, but {@code /mnt/gone}, which fails. */
  private static FilesystemStats probe(Path mountPoint) throws IOException {
    if (mountPoint.toString().equals("/mnt/gone")) {
      throw new AccessDeniedException("/mnt/gone");
    }
    return STATS;
  }

  private NodeCollect collect(List<Path> mountPoints) throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("node/mounts", "1/mounts");
    return NodeCollect.of(
        new NodeFilesystemInput(
            proc.root(),
            mountPoints,
            NodeFilesystemInput.DEFAULT_MOUNT_POINTS_EXCLUDE,
            NodeFilesystemInput.DEFAULT_FS_TYPES_EXCLUDE,
            NodeFilesystemInputTest::probe));
  }

  private static Map<String, String> labels(String device, String mountPoint, String fsType) {
    return Map.of("device", device, "mountpoint", mountPoint, "fstype", fsType);
  }

  @Test
  void reportsSpaceAndInodesOfEveryMountNodeExporterKeeps() throws Exception {
    NodeCollect collect = collect(List.of());
    Map<String, String> root = labels("/dev/nvme0n1p2", "/", "ext4");

    assertThat(collect.value("node_filesystem_size_bytes", root)).isEqualTo(1000.0);
    assertThat(collect.value("node_filesystem_free_bytes", root)).isEqualTo(400.0);
    assertThat(collect.value("node_filesystem_avail_bytes", root)).isEqualTo(300.0);
    assertThat(collect.value("node_filesystem_files", root)).isEqualTo(50.0);
    assertThat(collect.value("node_filesystem_files_free", root)).isEqualTo(20.0);
    assertThat(collect.value("node_filesystem_readonly", root)).isEqualTo(0.0);
    assertThat(collect.value("node_filesystem_device_error", root)).isEqualTo(0.0);
    assertThat(
            collect.value(
                "node_filesystem_readonly", labels("/dev/nvme0n1p1", "/boot/efi", "vfat")))
        .isEqualTo(1.0);
    assertThat(collect.labelNames("node_filesystem_avail_bytes"))
        .containsExactly(Set.of("device", "mountpoint", "fstype"));
    assertThat(collect.type("node_filesystem_avail_bytes")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.family("node_filesystem_avail_bytes").help())
        .isEqualTo("Filesystem space available to non-root users in bytes.");
    assertThat(collect.everySampleDescribed()).isTrue();
  }

  @Test
  void leavesOutTheMountPointsAndTypesNodeExporterExcludesByDefaultAndDuplicates()
      throws Exception {
    NodeCollect collect = collect(List.of());

    // tmpfs stays (node_exporter keeps it); /sys, /proc, /dev, docker's and squashfs go.
    assertThat(
            collect.metrics().stream()
                .filter(m -> m.name().equals("node_filesystem_device_error"))
                .map(m -> m.tags().get("mountpoint")))
        .containsExactlyInAnyOrder("/run", "/", "/boot/efi", "/mnt/backup disk", "/mnt/gone");
  }

  @Test
  void aMountThatCannotBeReadHasDeviceErrorOneAndNothingElse() throws Exception {
    NodeCollect collect = collect(List.of());
    Map<String, String> gone = labels("/dev/sdc1", "/mnt/gone", "ext4");

    assertThat(collect.value("node_filesystem_device_error", gone)).isEqualTo(1.0);
    assertThat(collect.metrics()).filteredOn(m -> m.tags().equals(gone)).hasSize(1);
  }

  @Test
  void configuredMountPointsAreTheOnlyOnesReported() throws Exception {
    NodeCollect collect = collect(List.of(Path.of("/"), Path.of("/run")));

    assertThat(collect.metrics().stream().map(m -> m.tags().get("mountpoint")).distinct())
        .containsExactlyInAnyOrder("/", "/run");
  }

  @Test
  void statvfsReadsTheRootFilesystemAsJavaSeesIt() throws Exception {
    assumeTrue(Statvfs.supported(), "statvfs is read on 64-bit Linux only");
    FilesystemStats stats = Statvfs.probe(dir);
    java.nio.file.FileStore store = java.nio.file.Files.getFileStore(dir);

    assertThat(stats.size()).isEqualTo((double) store.getTotalSpace());
    assertThat(stats.files()).isGreaterThanOrEqualTo(stats.filesFree());
    assertThat(stats.free()).isGreaterThanOrEqualTo(stats.available());
  }
}
