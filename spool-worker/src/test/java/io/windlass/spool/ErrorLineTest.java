package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorLineTest {

  @Test
  void aLongErrorOnSeveralLinesBecomesOneLineCutWithAnEllipsis() {
    String cut = ErrorLine.of("connect failed:\n\tat " + "x".repeat(500));

    assertThat(cut).hasSize(ErrorLine.MAX_LENGTH).endsWith("…").doesNotContain("\n", "\t");
    assertThat(cut).startsWith("connect failed: at xxx");
  }

  @Test
  void whitespaceRunsBecomeOneSpaceAndTheEndsAreTrimmed() {
    assertThat(ErrorLine.of("  503\r\nbusy ")).isEqualTo("503 busy");
  }

  @Test
  void aLineExactlyAtTheLimitIsKeptWhole() {
    String limit = "y".repeat(ErrorLine.MAX_LENGTH);

    assertThat(ErrorLine.of(limit)).isEqualTo(limit);
    assertThat(ErrorLine.of(limit + "z")).hasSize(ErrorLine.MAX_LENGTH).endsWith("y…");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "a".repeat(ErrorLine.MAX_LENGTH - 2) + "\uD83D\uDE00" + "tail";

    String cut = ErrorLine.of(text);

    assertThat(cut).endsWith("a…").hasSize(ErrorLine.MAX_LENGTH - 1);
  }
}
