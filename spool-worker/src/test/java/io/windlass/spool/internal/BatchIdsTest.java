package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchIdsTest {
  private final BatchIds ids = new BatchIds(1);

  @Test
  void makesCanonicalVersion7Uuids() {
    long millis = Instant.parse("2025-03-04T05:06:07.089Z").toEpochMilli();
    String id = ids.next(millis);

    UUID parsed = UUID.fromString(id);
    assertThat(parsed.toString()).isEqualTo(id);
    assertThat(parsed.version()).isEqualTo(7);
    assertThat(parsed.variant()).isEqualTo(2);
    assertThat(parsed.getMostSignificantBits() >>> 16).isEqualTo(millis);
    assertThat(BatchIds.timestampMillis(id)).hasValue(millis);
    assertThat(BatchNames.isCanonicalUuid(id)).isTrue();
  }

  @Test
  void sortsAsCreationTimes() {
    List<String> made = new ArrayList<>();
    for (long millis = 0; millis < 5000; millis += 7) {
      made.add(ids.next(millis * 1_000_003L % (1L << 47)));
    }
    List<String> sortedByText = new ArrayList<>(made);
    sortedByText.sort(null);
    List<String> sortedByTime = new ArrayList<>(made);
    sortedByTime.sort(
        (a, b) ->
            Long.compare(
                BatchIds.timestampMillis(a).getAsLong(), BatchIds.timestampMillis(b).getAsLong()));
    assertThat(sortedByText).isEqualTo(sortedByTime);
  }

  @Test
  void neverRepeatsWithinOneMillisecond() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(ids.next(1_700_000_000_000L))).isTrue();
    }
  }

  @Test
  void increaseInTheOrderMadeWithinOneMillisecondAndPastTheCounter() {
    long millis = 1_700_000_000_000L;
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) { // more than the 12-bit counter holds
      made.add(ids.next(millis));
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(BatchIds.timestampMillis(made.get(0))).hasValue(millis);
    assertThat(BatchIds.timestampMillis(made.get(made.size() - 1)).getAsLong())
        .as("moved on a millisecond each time the counter ran out")
        .isBetween(millis + 2, millis + 5);
    String next = ids.next(millis + 1000);
    assertThat(next).isGreaterThan(made.get(made.size() - 1));
    assertThat(BatchIds.timestampMillis(next)).hasValue(millis + 1000);
  }

  @Test
  void increaseWhenTheClockStepsBack() {
    String before = ids.next(1_700_000_000_500L);
    String after = ids.next(1_700_000_000_000L);
    assertThat(after).isGreaterThan(before);
    assertThat(BatchIds.timestampMillis(after)).hasValue(1_700_000_000_500L);
  }

  @Test
  void findsNoTimestampInOtherUuids() {
    assertThat(BatchIds.timestampMillis(UUID.randomUUID().toString())).isEmpty();
    assertThat(BatchIds.timestampMillis("test-uuid")).isEmpty();
    assertThat(BatchIds.timestampMillis(ids.next(5).toUpperCase())).isEmpty();
  }

  @Test
  void refusesTimesAUuidCannotHold() {
    assertThatThrownBy(() -> ids.next(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochMillis -1 outside [0, 2^48)");
  }

  @Test
  void makesHexTokens() {
    assertThat(ids.token()).matches("[0-9a-f]{16}");
  }
}
