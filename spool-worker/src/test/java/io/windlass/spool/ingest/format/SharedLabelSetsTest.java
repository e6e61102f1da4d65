package io.windlass.spool.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.LabelSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedLabelSetsTest {

  @Test
  void handsOneInstancePerSetOfLabels() {
    SharedLabelSets shared = new SharedLabelSets();
    LabelSet first = shared.canonical(LabelSet.of(Map.of("a", "1")));

    assertThat(shared.canonical(LabelSet.of(Map.of("a", "1")))).isSameAs(first);
    assertThat(shared.name(new String("up"))).isSameAs(shared.name(new String("up")));
  }

  /**
   * Covers a bug where up to 100,000 label sets were kept whatever their size, more than an agent
   * with a 128 MiB heap has for them.
   */
  @Test
  void startsOverPastItsBytesAsWellAsItsSets() {
    SharedLabelSets shared = new SharedLabelSets(1_000_000, 64 * 1024);
    String value = "v".repeat(1000);
    long most = 0;
    for (int i = 0; i < 1_000; i++) {
      shared.canonical(LabelSet.of(Map.of("i", Integer.toString(i), "long", value)));
      most = Math.max(most, shared.bytes());
    }
    assertThat(most).isLessThanOrEqualTo(64 * 1024);
    assertThat(shared.size()).isLessThan(1_000);

    SharedLabelSets few = new SharedLabelSets(10);
    for (int i = 0; i < 25; i++) {
      few.canonical(LabelSet.of(Map.of("i", Integer.toString(i))));
    }
    assertThat(few.size()).isLessThanOrEqualTo(10);
  }
}
