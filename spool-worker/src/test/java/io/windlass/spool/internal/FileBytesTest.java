package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBytesTest {
  @TempDir Path dir;

  @Test
  void readsFilesOfAnySizeIntoOneReusedArray() throws Exception {
    byte[] large = new byte[3 << 20];
    new Random(1).nextBytes(large);
    Files.write(dir.resolve("large"), large);
    Files.write(dir.resolve("small"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("empty"), new byte[0]);
    FileBytes bytes = new FileBytes();

    bytes.read(dir.resolve("large"));
    assertThat(Arrays.copyOf(bytes.array(), bytes.length())).isEqualTo(large);
    byte[] array = bytes.array();

    bytes.read(dir.resolve("small"));
    assertThat(Arrays.copyOf(bytes.array(), bytes.length())).containsExactly(1, 2, 3);
    assertThat(bytes.array()).isSameAs(array);

    bytes.read(dir.resolve("empty"));
    assertThat(bytes.length()).isZero();
  }

  @Test
  void saysAMissingFileIsMissing() {
    assertThatThrownBy(() -> new FileBytes().read(dir.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
