package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

  @Test
  void numbersEveryProblemAndCountsThem() {
    ConfigException e =
        new ConfigException(
            List.of(
                new ConfigProblem("a.yaml", 0, 0, "", "cannot read: no such file"),
                new ConfigProblem("a.yaml", 3, 7, "spool.max-age", "\"x\" is not a duration")));

    assertThat(e)
        .hasMessage(
            """
            Agent configuration errors:

            1) a.yaml: cannot read: no such file

            2) a.yaml:3:7: spool.max-age: "x" is not a duration

            2 errors""");
    assertThat(e.problems()).hasSize(2);
  }

  @Test
  void needsAtLeastOneProblem() {
    assertThatThrownBy(() -> new ConfigException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a config exception needs at least one problem");
  }

  @Test
  void quotesValuesEscapedAndShortened() {
    assertThat(ConfigProblem.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
    assertThat(ConfigProblem.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(57) + "...\"");
  }
}
