package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.internal.SeriesHash;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LabelSetTest {

  @Test
  void holdsTheLabelsSortedByName() {
    LinkedHashMap<String, String> given = new LinkedHashMap<>();
    given.put("zone", "b");
    given.put("app", "web");
    given.put("host", "h1");

    LabelSet set = LabelSet.of(given);

    assertThat(set.keySet()).containsExactly("app", "host", "zone");
    assertThat(set.values()).containsExactly("web", "h1", "b");
    assertThat(set.comparator()).isNull();
    assertThat(set.firstKey()).isEqualTo("app");
    assertThat(set.lastKey()).isEqualTo("zone");
    assertThat(set.get("host")).isEqualTo("h1");
    assertThat(set.get("nope")).isNull();
    assertThat(set.containsKey("zone")).isTrue();
    assertThat(set.headMap("host")).containsExactly(Map.entry("app", "web"));
    assertThat(set.tailMap("host")).containsOnlyKeys("host", "zone");
    assertThat(set.subMap("b", "i")).containsOnlyKeys("host");
  }

  @Test
  void sortsFewAndManyLabelsInAnyOrderAsATreeMapDoes() {
    Random random = new Random(7);
    for (int size : new int[] {1, 2, 3, 15, 16, 17, 40}) {
      for (int round = 0; round < 20; round++) {
        LinkedHashMap<String, String> given = new LinkedHashMap<>();
        while (given.size() < size) {
          given.put("l" + random.nextInt(1000), "v" + random.nextInt(10));
        }

        LabelSet set = LabelSet.of(given);

        assertThat(set.entrySet()).containsExactlyElementsOf(new TreeMap<>(given).entrySet());
      }
    }
  }

  @Test
  void isEqualToAndHashedAsAnyMapWithTheSameLabels() {
    Map<String, String> plain = new HashMap<>(Map.of("a", "1", "b", "2"));
    LabelSet set = LabelSet.of(plain);

    assertThat(set).isEqualTo(plain).isEqualTo(new TreeMap<>(plain)).isEqualTo(LabelSet.of(plain));
    assertThat(plain).isEqualTo(set);
    assertThat(set.hashCode()).isEqualTo(plain.hashCode());
    assertThat(set).isNotEqualTo(LabelSet.of(Map.of("a", "1")));
    assertThat(LabelSet.of(Map.of())).isSameAs(LabelSet.of()).isEmpty();
  }

  @Test
  void aLabelSetIsItsOwnLabelSet() {
    LabelSet set = LabelSet.of(Map.of("a", "1"));

    assertThat(LabelSet.of(set)).isSameAs(set);
  }

  @Test
  void carriesTheSpoolsSeriesHashOfItsLabels() {
    Map<String, String> plain = Map.of("a", "1", "b", "2", "c", "3");

    assertThat(LabelSet.of(plain).seriesHashPart()).isEqualTo(SeriesHash.labels(plain));
    assertThat(SeriesHash.series("k", LabelSet.of(plain)))
        .isEqualTo(SeriesHash.series("k", new TreeMap<>(plain)));
  }

  @Test
  void cannotBeChanged() {
    LabelSet set = LabelSet.of(Map.of("a", "1"));

    assertThatThrownBy(() -> set.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> set.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> set.entrySet().iterator().next().setValue("2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> set.entrySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(set).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void refusesANullValue() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", null);

    assertThatThrownBy(() -> LabelSet.of(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("label a has a null value");
  }
}
