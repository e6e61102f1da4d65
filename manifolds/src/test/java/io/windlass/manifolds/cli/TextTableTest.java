package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void alignsColumnsAndLeavesNoTrailingBlanks() {
    TextTable table = new TextTable("NAME", "COUNT", "NOTE").alignRight(1);
    table.add("a", "1", "");
    table.add("longer-name", "12345", "hello");

    assertThat(table)
        .hasToString(
            """
            NAME         COUNT  NOTE
            a                1
            longer-name  12345  hello
            """);
  }

  @Test
  void aRowNeedsOneCellPerColumn() {
    assertThatThrownBy(() -> new TextTable("A", "B").add("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row [x] has 1 cells, not 2");
  }
}
