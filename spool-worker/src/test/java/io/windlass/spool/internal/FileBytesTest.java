package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.EntryProblem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBytesTest {
  private static final SpoolEntries ENTRIES = new SpoolEntries(SpoolEntries.NO_FOLLOW);

  @TempDir Path dir;

  @Test
  void readsFilesOfAnySizeIntoOneReusedArray() throws Exception {
    byte[] large = new byte[3 << 20];
    new Random(1).nextBytes(large);
    Files.write(dir.resolve("large"), large);
    Files.write(dir.resolve("small"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("empty"), new byte[0]);
    FileBytes bytes = new FileBytes();

    ENTRIES.read(dir.resolve("large"), Long.MAX_VALUE, bytes);
    assertThat(Arrays.copyOf(bytes.array(), bytes.length())).isEqualTo(large);
    byte[] array = bytes.array();

    ENTRIES.read(dir.resolve("small"), 3, bytes);
    assertThat(Arrays.copyOf(bytes.array(), bytes.length())).containsExactly(1, 2, 3);
    assertThat(bytes.array()).isSameAs(array);

    ENTRIES.read(dir.resolve("empty"), 0, bytes);
    assertThat(bytes.length()).isZero();
  }

  @Test
  void readsASmallFileIntoAnArrayOfItsLengthWithinItsLimit() throws Exception {
    Files.write(dir.resolve("meta"), new byte[] {1, 2, 3});

    assertThat(ENTRIES.readAll(dir.resolve("meta"), 3)).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> ENTRIES.readAll(dir.resolve("meta"), 2))
        .isInstanceOfSatisfying(
            EntryRefusedException.class,
            e -> assertThat(e.problem()).isEqualTo(EntryProblem.TOO_LARGE));
  }

  @Test
  void saysAMissingFileIsMissing() {
    assertThatThrownBy(() -> ENTRIES.read(dir.resolve("gone"), 10, new FileBytes()))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void refusesAFileOverItsLimitWithoutReadingIt() throws Exception {
    Files.write(dir.resolve("four"), new byte[] {1, 2, 3, 4});

    assertThatThrownBy(() -> ENTRIES.read(dir.resolve("four"), 3, new FileBytes()))
        .isInstanceOfSatisfying(
            EntryRefusedException.class,
            e -> assertThat(e.problem()).isEqualTo(EntryProblem.TOO_LARGE))
        .hasMessage("four holds 4 bytes or more; the limit is 3");
  }
}
