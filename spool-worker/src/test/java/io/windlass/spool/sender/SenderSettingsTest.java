package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SenderSettingsTest {
  private static final URI URL = URI.create("http://127.0.0.1:9090/api/v1/write");

  @Test
  void sendsFourRequestsAtOnceUnlessToldOtherwise() {
    assertThat(SenderSettings.builder(URL).build().concurrency()).isEqualTo(4);
    assertThat(SenderSettings.builder(URL).concurrency(1).build().concurrency()).isEqualTo(1);
    assertThat(SenderSettings.builder(URL).concurrency(64).build().concurrency()).isEqualTo(64);
  }

  @Test
  void refusesAConcurrencyOutsideOneToSixtyFour() {
    assertThatThrownBy(() -> SenderSettings.builder(URL).concurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid sender settings: concurrency 0 must be from 1 to 64");
    assertThatThrownBy(() -> SenderSettings.builder(URL).concurrency(65).build())
        .hasMessage("invalid sender settings: concurrency 65 must be from 1 to 64");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                SenderSettings.builder(URL)
                    .timeout(Duration.ZERO)
                    .maxRequestMetrics(0)
                    .concurrency(-1)
                    .build())
        .hasMessage(
            "invalid sender settings: timeout PT0S must be > 0; maxRequestMetrics 0 must be > 0;"
                + " concurrency -1 must be from 1 to 64");
  }
}
