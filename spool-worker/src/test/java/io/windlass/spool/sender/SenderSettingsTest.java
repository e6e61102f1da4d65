package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
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

  @Test
  void refusesHeadersThatCannotBeSentAsTheyAre() {
    assertThat(
            SenderSettings.builder(URL)
                .headers(Map.of("X-Scope-OrgID", "fleet 1\tb"))
                .build()
                .headers())
        .containsEntry("X-Scope-OrgID", "fleet 1\tb");
    assertThatThrownBy(
            () -> SenderSettings.builder(URL).headers(Map.of("X-Scope OrgID", "a")).build())
        .hasMessage(
            "invalid sender settings: header \"X-Scope OrgID\" is not a valid HTTP header name");
    assertThatThrownBy(
            () -> SenderSettings.builder(URL).headers(Map.of("X-A", "a\r\nX-B: b")).build())
        .hasMessage("invalid sender settings: header \"X-A\" has a control character in its value");
    assertThatThrownBy(() -> SenderSettings.builder(URL).headers(Map.of("host", "a")).build())
        .hasMessage(
            "invalid sender settings: header \"host\" is set by the sender and cannot be configured");
  }
}
