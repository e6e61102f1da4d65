package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Ordering;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSetsTest {

  private static ImmutableSortedMap<String, String> build(LabelSets sets, String... pairs) {
    sets.start();
    for (int i = 0; i < pairs.length; i += 2) {
      sets.add(pairs[i], pairs[i + 1]);
    }
    return sets.build();
  }

  @Test
  void buildsASortedMapInNaturalOrder() {
    LabelSets sets = new LabelSets();

    ImmutableSortedMap<String, String> sorted = build(sets, "az", "1", "host", "h", "zone", "z");
    ImmutableSortedMap<String, String> unsorted = build(sets, "zone", "z", "az", "1", "host", "h");

    assertThat(sorted)
        .containsExactly(Map.entry("az", "1"), Map.entry("host", "h"), Map.entry("zone", "z"));
    assertThat(unsorted).isEqualTo(sorted);
    assertThat(unsorted.comparator()).isEqualTo(Ordering.natural());
    assertThat(build(sets, "only", "one").comparator()).isEqualTo(Ordering.natural());
  }

  @Test
  void keepsTheLastValueOfADuplicateName() {
    LabelSets sets = new LabelSets();

    assertThat(build(sets, "host", "a", "zone", "z", "host", "b"))
        .containsExactly(Map.entry("host", "b"), Map.entry("zone", "z"));
    assertThat(build(sets, "host", "a", "host", "b")).containsExactly(Map.entry("host", "b"));
  }

  @Test
  void givesTheSameMapForTheSamePairsInTheSameOrder() {
    LabelSets sets = new LabelSets();

    ImmutableSortedMap<String, String> first = build(sets, "host", "h", "zone", "z");
    ImmutableSortedMap<String, String> again = build(sets, new String("host"), "h", "zone", "z");
    ImmutableSortedMap<String, String> other = build(sets, "host", "h", "zone", "y");

    assertThat(again).isSameAs(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(build(sets)).isSameAs(ImmutableSortedMap.of());
    assertThat(sets.size()).isEqualTo(2);
  }

  @Test
  void startsOverOnceFull() {
    LabelSets sets = new LabelSets();
    ImmutableSortedMap<String, String> first = build(sets, "n", "0");
    for (int i = 1; i < LabelSets.MAX_ENTRIES; i++) {
      build(sets, "n", Integer.toString(i));
    }
    assertThat(sets.size()).isEqualTo(LabelSets.MAX_ENTRIES);
    assertThat(build(sets, "n", "0")).isSameAs(first);

    build(sets, "n", "one more");

    assertThat(sets.size()).isZero();
    assertThat(build(sets, "n", "0")).isNotSameAs(first).isEqualTo(first);
  }
}
