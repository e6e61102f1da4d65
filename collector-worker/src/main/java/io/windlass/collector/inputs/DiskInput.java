package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Disk space of mounted filesystems, through statvfs ({@link java.nio.file.FileStore}): either the
 * configured mount points, or every mount in {@code /proc/mounts} whose filesystem type is not
 * ignored (pseudo and in-memory filesystems by default). A discovered mount that cannot be read
 * (permission denied, gone since the table was read) is skipped; a configured one that cannot be
 * read fails the collect. Inode figures are not reported: Java's {@code FileStore} does not expose
 * them.
 *
 * <p>Metrics (default prefix {@code system.disk.}), tagged {@code path} (the mount point), {@code
 * device} and {@code fstype}:
 *
 * <ul>
 *   <li>{@code total}, {@code free} (unallocated, including root's reserve), {@code used} (total
 *       minus free), {@code available} (what unprivileged users may still use) — bytes
 *   <li>{@code used_percent} — used / (used + available), as {@code df} shows it; 0 for an empty
 *       filesystem
 * </ul>
 */
public final class DiskInput implements InputWithPrefix {
  /** Filesystem types that hold no disk space worth reporting. */
  public static final Set<String> DEFAULT_IGNORED_FS_TYPES =
      Set.of(
          "autofs",
          "binfmt_misc",
          "bpf",
          "cgroup",
          "cgroup2",
          "configfs",
          "debugfs",
          "devpts",
          "devtmpfs",
          "efivarfs",
          "fusectl",
          "fuse.lxcfs",
          "hugetlbfs",
          "mqueue",
          "nsfs",
          "overlay",
          "proc",
          "pstore",
          "ramfs",
          "rpc_pipefs",
          "securityfs",
          "selinuxfs",
          "squashfs",
          "sysfs",
          "tmpfs",
          "tracefs",
          "iso9660",
          "aufs",
          "nfsd");

  private final ProcRoot procRoot;
  private final List<Path> mountPoints;
  private final Set<String> ignoredFsTypes;
  private final DiskSpace.Probe probe;

  /** Every real mount in {@code /proc/mounts}. */
  public DiskInput() {
    this(ProcRoot.DEFAULT, List.of(), DEFAULT_IGNORED_FS_TYPES, DiskSpace::ofFileStore);
  }

  /**
   * @param procRoot where {@code /proc} is, for {@code mounts}
   * @param mountPoints the mount points to report; empty for every mount not ignored
   * @param ignoredFsTypes filesystem types not to report when discovering mounts
   * @param probe reads a mount point's space; {@link DiskSpace#ofFileStore} outside tests
   */
  public DiskInput(
      ProcRoot procRoot,
      List<Path> mountPoints,
      Set<String> ignoredFsTypes,
      DiskSpace.Probe probe) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
    this.mountPoints = List.copyOf(mountPoints);
    this.ignoredFsTypes = Set.copyOf(ignoredFsTypes);
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  @Override
  public String defaultPrefix() {
    return "system.disk.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    if (!mountPoints.isEmpty()) {
      for (Path mountPoint : mountPoints) {
        report(accumulator, mountPoint.toString(), probe.probe(mountPoint));
      }
      return;
    }
    List<MountTable.Mount> mounts = new ArrayList<>();
    for (MountTable.Mount mount : MountTable.read(procRoot)) {
      if (!ignoredFsTypes.contains(mount.fsType())) {
        mounts.add(mount);
      }
    }
    for (MountTable.Mount mount : mounts) {
      DiskSpace space;
      try {
        space = probe.probe(Path.of(mount.mountPoint()));
      } catch (IOException | SecurityException e) {
        continue;
      }
      if (space.total() == 0) {
        continue;
      }
      report(
          accumulator,
          mount.mountPoint(),
          new DiskSpace(
              mount.device(), mount.fsType(), space.total(), space.free(), space.available()));
    }
  }

  private static void report(Accumulator accumulator, String path, DiskSpace space) {
    Map<String, String> tags =
        Map.of("path", path, "device", space.device(), "fstype", space.fsType());
    long free = Math.min(space.free(), space.total());
    long used = space.total() - free;
    long available = Math.min(space.available(), free);
    accumulator.addMetric("total", tags, space.total());
    accumulator.addMetric("free", tags, free);
    accumulator.addMetric("used", tags, used);
    accumulator.addMetric("available", tags, available);
    accumulator.addMetric("used_percent", tags, Percent.of(used, (double) used + available));
  }
}
