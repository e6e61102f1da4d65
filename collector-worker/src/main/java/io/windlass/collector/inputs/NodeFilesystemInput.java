package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Filesystem space and inodes, as node_exporter's {@code filesystem} collector reports them: every
 * line of the mount table of process 1 ({@code /proc/1/mounts}, or {@code /proc/mounts} where that
 * cannot be read), less the mount points and filesystem types its default patterns exclude ({@link
 * #DEFAULT_MOUNT_POINTS_EXCLUDE}, {@link #DEFAULT_FS_TYPES_EXCLUDE}), each label set once; or, when
 * mount points are configured, only the lines of those. Each is read with statvfs; one that cannot
 * be read (permission denied, gone) has {@code filesystem_device_error} 1 and nothing else.
 *
 * <p>Metrics (default prefix {@code node_}), gauges, labels {@code device}, {@code mountpoint} and
 * {@code fstype}:
 *
 * <ul>
 *   <li>{@code filesystem_size_bytes}, {@code filesystem_free_bytes} (including root's reserve),
 *       {@code filesystem_avail_bytes} (what unprivileged users may still use)
 *   <li>{@code filesystem_files}, {@code filesystem_files_free} — inodes
 *   <li>{@code filesystem_readonly} — 1 when mounted with {@code ro}
 *   <li>{@code filesystem_device_error} — 1 when statvfs failed, else 0
 * </ul>
 */
public final class NodeFilesystemInput extends NodeExporterInput {
  /** node_exporter's default {@code --collector.filesystem.mount-points-exclude}. */
  public static final Pattern DEFAULT_MOUNT_POINTS_EXCLUDE =
      Pattern.compile(
          "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");

  /** node_exporter's default {@code --collector.filesystem.fs-types-exclude}. */
  public static final Pattern DEFAULT_FS_TYPES_EXCLUDE =
      Pattern.compile(
          "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs"
              + "|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs"
              + "|squashfs|sysfs|tracefs)$");

  private final List<Path> mountPoints;
  private final Pattern mountPointsExclude;
  private final Pattern fsTypesExclude;
  private final FilesystemStats.Probe probe;

  /** The mounts node_exporter reports by default, read with statvfs. */
  public NodeFilesystemInput() {
    this(
        ProcRoot.DEFAULT,
        List.of(),
        DEFAULT_MOUNT_POINTS_EXCLUDE,
        DEFAULT_FS_TYPES_EXCLUDE,
        Statvfs::probe);
  }

  /**
   * @param procRoot where {@code /proc} is, for the mount table
   * @param mountPoints the mount points to report; empty for every mount not excluded
   * @param mountPointsExclude mount points it finds a match in are not reported (unless listed)
   * @param fsTypesExclude filesystem types it finds a match in are not reported (unless listed)
   * @param probe reads a mount point's statistics; {@link Statvfs#probe} outside tests
   */
  public NodeFilesystemInput(
      ProcRoot procRoot,
      List<Path> mountPoints,
      Pattern mountPointsExclude,
      Pattern fsTypesExclude,
      FilesystemStats.Probe probe) {
    super("disk", procRoot);
    this.mountPoints = List.copyOf(mountPoints);
    this.mountPointsExclude = Objects.requireNonNull(mountPointsExclude, "mountPointsExclude");
    this.fsTypesExclude = Objects.requireNonNull(fsTypesExclude, "fsTypesExclude");
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    describe(accumulator);
    Set<String> listed = new HashSet<>();
    mountPoints.forEach(p -> listed.add(p.toString()));
    Set<List<String>> seen = new HashSet<>();
    for (MountTable.Mount mount : mounts()) {
      if (!listed.isEmpty()
          ? !listed.contains(mount.mountPoint())
          : mountPointsExclude.matcher(mount.mountPoint()).find()
              || fsTypesExclude.matcher(mount.fsType()).find()) {
        continue;
      }
      Map<String, String> labels =
          Map.of(
              "device", mount.device(), "mountpoint", mount.mountPoint(), "fstype", mount.fsType());
      if (!seen.add(List.of(mount.device(), mount.mountPoint(), mount.fsType()))) {
        continue;
      }
      FilesystemStats stats;
      try {
        stats = probe.probe(Path.of(mount.mountPoint()));
      } catch (IOException | RuntimeException e) {
        accumulator.addMetric("filesystem_device_error", labels, 1);
        continue;
      }
      accumulator.addMetric("filesystem_device_error", labels, 0);
      accumulator.addMetric("filesystem_size_bytes", labels, stats.size());
      accumulator.addMetric("filesystem_free_bytes", labels, stats.free());
      accumulator.addMetric("filesystem_avail_bytes", labels, stats.available());
      accumulator.addMetric("filesystem_files", labels, stats.files());
      accumulator.addMetric("filesystem_files_free", labels, stats.filesFree());
      accumulator.addMetric("filesystem_readonly", labels, readOnly(mount.options()) ? 1 : 0);
    }
  }

  /** The mount table of process 1, as node_exporter reads it, else the reader's own. */
  private List<MountTable.Mount> mounts() throws IOException {
    if (Files.isReadable(procRoot.resolve("1/mounts"))) {
      try {
        return MountTable.readAll(procRoot, "1/mounts");
      } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException e) {
        // hidepid, or process 1 of another namespace: fall back as node_exporter does
      }
    }
    return MountTable.readAll(procRoot, "mounts");
  }

  private static boolean readOnly(String options) {
    for (String option : options.split(",")) {
      if (option.equals("ro")) {
        return true;
      }
    }
    return false;
  }

  private static void describe(Accumulator accumulator) {
    gauge(accumulator, "filesystem_size_bytes", "Filesystem size in bytes.");
    gauge(accumulator, "filesystem_free_bytes", "Filesystem free space in bytes.");
    gauge(
        accumulator,
        "filesystem_avail_bytes",
        "Filesystem space available to non-root users in bytes.");
    gauge(accumulator, "filesystem_files", "Filesystem total file nodes.");
    gauge(accumulator, "filesystem_files_free", "Filesystem total free file nodes.");
    gauge(accumulator, "filesystem_readonly", "Filesystem read-only status.");
    gauge(
        accumulator,
        "filesystem_device_error",
        "Whether an error occurred while getting statistics for the given device.");
  }
}
