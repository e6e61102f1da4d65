package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OverflowPolicyTest {
  @Test
  void parsesLabels() {
    assertThat(OverflowPolicy.fromLabel("drop-oldest")).isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThat(OverflowPolicy.fromLabel("Reject-New")).isEqualTo(OverflowPolicy.REJECT_NEW);
    assertThat(OverflowPolicy.REJECT_NEW).hasToString("reject-new");
    assertThatThrownBy(() -> OverflowPolicy.fromLabel("block"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("overflow policy \"block\" is not one of drop-oldest, reject-new");
  }
}
