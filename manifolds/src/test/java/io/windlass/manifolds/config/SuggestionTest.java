package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SuggestionTest {
  private static final List<String> KEYS =
      List.of("max-bytes", "max-batches", "max-age", "overflow", "declared-metrics");

  @ParameterizedTest
  @CsvSource({
    "max-byte, max-bytes",
    "max_bytes, max-bytes",
    "maxBytes, max-bytes",
    "MAX-BYTES, max-bytes",
    "max-batchs, max-batches",
    "max-aeg, max-age",
    "overflo, overflow",
    "declared-metric, declared-metrics",
    "declaredMetrics, declared-metrics"
  })
  void suggestsTheClosestKnownName(String given, String suggested) {
    assertThat(Suggestion.closest(given, KEYS)).contains(suggested);
  }

  @ParameterizedTest
  @ValueSource(strings = {"colour", "size", "x", "metrics", "max"})
  void suggestsNothingWhenNothingIsClose(String given) {
    assertThat(Suggestion.closest(given, KEYS)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"spol, spool", "agnet, agent", "sockts, sockets", "socket, sockets"})
  void toleratesOneSlipInAShortName(String given, String suggested) {
    assertThat(Suggestion.closest(given, AgentConfigReader.SECTIONS)).contains(suggested);
  }
}
