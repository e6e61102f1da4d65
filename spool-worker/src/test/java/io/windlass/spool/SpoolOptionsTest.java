package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SpoolOptionsTest {
  @Test
  void hasDocumentedDefaults() {
    SpoolOptions options = SpoolOptions.defaults();

    assertThat(options.maxBytes()).isEqualTo(1L << 30);
    assertThat(options.maxBatches()).isEqualTo(100_000);
    assertThat(options.maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(options.maxBatchBytes()).isEqualTo(64L << 20);
    assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThat(options.orphanGrace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(options.rescanInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.dropLogInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(options.clock()).isEqualTo(Clock.systemUTC());
  }

  @Test
  void buildsCopies() {
    SpoolOptions options =
        SpoolOptions.builder().maxBatches(5).overflowPolicy(OverflowPolicy.REJECT_NEW).build();

    assertThat(options.toBuilder().maxAge(Duration.ofHours(1)).build())
        .isEqualTo(
            SpoolOptions.builder()
                .maxBatches(5)
                .overflowPolicy(OverflowPolicy.REJECT_NEW)
                .maxAge(Duration.ofHours(1))
                .build());
  }

  @Test
  void lowersMaxBatchBytesWithMaxBytes() {
    assertThat(SpoolOptions.builder().maxBytes(1000).build().maxBatchBytes()).isEqualTo(1000);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                new SpoolOptions(
                    0,
                    -1,
                    Duration.ZERO,
                    0,
                    null,
                    Duration.ofSeconds(-1),
                    null,
                    Duration.ofMillis(-5),
                    0,
                    -1,
                    null,
                    OptionalLong.of(-2),
                    true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid spool options: maxBytes 0 must be > 0; maxBatches -1 must be > 0; "
                + "maxAge PT0S must be > 0; maxBatchBytes 0 must be > 0; "
                + "overflowPolicy must not be null; orphanGrace PT-1S must be >= 0; "
                + "rescanInterval must not be null; dropLogInterval PT-0.005S must be >= 0; "
                + "maxRejectedBatches 0 must be > 0; maxRejectedBytes -1 must be > 0; "
                + "clock must not be null; sharedGroup -2 must be >= 0");
    assertThatThrownBy(() -> SpoolOptions.builder().maxBytes(100).maxBatchBytes(200).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid spool options: maxBatchBytes 200 must be <= maxBytes 100");
  }
}
