package io.windlass.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectTaskTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void windowStartIsFlooredToTheInterval() {
    CollectTask task = CollectTask.of("cpu", "cpu", Duration.ofSeconds(10), Duration.ofSeconds(3));
    assertThat(task.windowStart(at("2025-01-01T00:00:07.300Z")))
        .isEqualTo(at("2025-01-01T00:00:00Z"));
    assertThat(task.windowStart(at("2025-01-01T00:00:10Z"))).isEqualTo(at("2025-01-01T00:00:10Z"));
    assertThat(task.windowStart(at("2025-01-01T00:00:19.999Z")))
        .isEqualTo(at("2025-01-01T00:00:10Z"));
  }

  @Test
  void windowStartAddsTheOffset() {
    CollectTask task =
        new CollectTask(
            "cpu",
            "cpu",
            Duration.ofSeconds(10),
            Duration.ofSeconds(3),
            Duration.ofSeconds(1),
            Map.of(),
            null);
    assertThat(task.windowStart(at("2025-01-01T00:00:07.300Z")))
        .isEqualTo(at("2025-01-01T00:00:03Z"));
    assertThat(task.windowStart(at("2025-01-01T00:00:02.999Z")))
        .isEqualTo(at("2024-12-31T23:59:53Z"));
    assertThat(task.windowStart(at("2025-01-01T00:00:13Z"))).isEqualTo(at("2025-01-01T00:00:13Z"));
  }

  @Test
  void windowStartIsAlignedBeforeTheEpochToo() {
    CollectTask task = CollectTask.of("cpu", "cpu", Duration.ofSeconds(10), Duration.ofSeconds(1));
    assertThat(task.windowStart(-1)).isEqualTo(-10_000);
  }

  @Test
  void refusesAnOffsetOutsideTheInterval() {
    assertThatThrownBy(
            () ->
                new CollectTask(
                    "cpu",
                    "cpu",
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1),
                    Map.of(),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task cpu: offset PT10S must be whole milliseconds in [0, interval PT10S)");
  }

  @Test
  void refusesANonPositiveTimeoutAndASubMillisecondInterval() {
    assertThatThrownBy(() -> CollectTask.of("cpu", "cpu", Duration.ofSeconds(10), Duration.ZERO))
        .hasMessage("task cpu: timeout PT0S must be > 0");
    assertThatThrownBy(
            () -> CollectTask.of("cpu", "cpu", Duration.ofNanos(10), Duration.ofSeconds(1)))
        .hasMessage("task cpu: interval PT0.00000001S must be whole milliseconds >= 1ms");
  }

  @Test
  void refusesABlankIdAndAnInputTypeWithSpaces() {
    assertThatThrownBy(
            () -> CollectTask.of(" ", "cpu", Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessage("collect task id must not be blank");
    assertThatThrownBy(
            () -> CollectTask.of("a", "my cpu", Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessage("task a: inputType \"my cpu\" must be non-blank with no whitespace");
  }

  @Test
  void copiesItsTags() {
    Map<String, String> tags = new HashMap<>(Map.of("host", "a"));
    CollectTask task =
        CollectTask.of("cpu", "cpu", Duration.ofSeconds(1), Duration.ofSeconds(1)).withTags(tags);
    tags.put("host", "b");
    assertThat(task.tags()).containsExactly(Map.entry("host", "a"));
  }

  @Test
  void theSourceNamesTheTypeAndTheIdWhenTheyDiffer() {
    Duration second = Duration.ofSeconds(1);
    assertThat(CollectTask.of("cpu", "cpu", second, second).source()).isEqualTo("input:cpu");
    assertThat(CollectTask.of("node", "prometheus", second, second).source())
        .isEqualTo("input:prometheus/node");
  }
}
