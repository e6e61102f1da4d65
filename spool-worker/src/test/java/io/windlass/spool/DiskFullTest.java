package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class DiskFullTest {

  @Test
  void tellsNoSpaceAndQuotaFromOtherFailuresAlongTheCauses() {
    assertThat(DiskFull.isCauseOf(new IOException("No space left on device"))).isTrue();
    assertThat(
            DiskFull.isCauseOf(
                new FileSystemException("/spool/.staging/3/x.tmp: No space left on device")))
        .isTrue();
    assertThat(DiskFull.isCauseOf(new IOException("Disk quota exceeded"))).isTrue();
    assertThat(
            DiskFull.isCauseOf(
                new UncheckedIOException(
                    "write failed", new IOException("No space left on device"))))
        .isTrue();

    assertThat(DiskFull.isCauseOf(new IOException("Input/output error"))).isFalse();
    assertThat(DiskFull.isCauseOf(new IOException())).isFalse();
    assertThat(DiskFull.isCauseOf(new IllegalStateException("No space left on device"))).isFalse();
    assertThat(DiskFull.isCauseOf(null)).isFalse();
  }
}
