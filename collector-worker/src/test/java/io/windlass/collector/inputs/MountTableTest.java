package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {
  @TempDir Path dir;

  @Test
  void decodesTheKernelsOctalEscapes() {
    assertThat(MountTable.unescape("/mnt/backup\\040disk\\011x\\134y"))
        .isEqualTo("/mnt/backup disk\tx\\y");
    assertThat(MountTable.unescape("/odd\\0")).isEqualTo("/odd\\0");
  }

  @Test
  void laterMountOverTheSameMountPointWins() throws Exception {
    Files.writeString(
        dir.resolve("mounts"),
        "/dev/sda1 /data ext4 rw 0 0\n/dev/sdb1 /srv xfs rw 0 0\n/dev/sdc1 /data xfs rw 0 0\n");
    assertThat(MountTable.read(new ProcRoot(dir)))
        .containsExactly(
            new MountTable.Mount("/dev/sdb1", "/srv", "xfs", "rw"),
            new MountTable.Mount("/dev/sdc1", "/data", "xfs", "rw"));
  }
}
