package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * {@link DiskInput} passes the contract kit: mounts from the fixture mount table, space from a
 * fixture statvfs (the real one would report the build machine's disks, changing as it writes).
 */
class DiskInputContractTest extends InputContractTest<DiskInput> {
  private static final long GIB = 1L << 30;

  private static final DiskSpace.Probe FIXTURE_STATVFS =
      mountPoint ->
          switch (mountPoint.toString()) {
            case "/" -> new DiskSpace("?", "?", 100 * GIB, 40 * GIB, 35 * GIB);
            case "/boot/efi" -> new DiskSpace("?", "?", 512L << 20, 500L << 20, 500L << 20);
            case "/mnt/backup disk" -> new DiskSpace("?", "?", 0, 0, 0);
            default -> throw new NoSuchFileException(mountPoint.toString());
          };

  private int instances;

  @Override
  protected DiskInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("disk/mounts", "mounts");
    return new DiskInput(
        proc.root(), List.of(), DiskInput.DEFAULT_IGNORED_FS_TYPES, FIXTURE_STATVFS);
  }

  /** Neither the mount table nor the fixture statvfs changes between collects. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
