package io.windlass.spool.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzRunTest {

  @Test
  void passesWhenEveryInputPasses() {
    List<Integer> seen = new ArrayList<>();

    FuzzRun.forAll(Gen.ints(0, 9)).tries(40).seed(1).check(seen::add);

    assertThat(seen)
        .hasSize(FuzzSettings.scaled(40))
        .allSatisfy(i -> assertThat(i).isBetween(0, 9));
  }

  @Test
  void drawsTheSameInputsFromTheSameSeed() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Gen<String> text = Gen.anyStrings(20);

    FuzzRun.forAll(text).tries(20).seed(99).check(first::add);
    FuzzRun.forAll(text).tries(20).seed(99).check(second::add);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void reportsAFailureWithItsSeedAndShrinksItToTheOneEditThatMatters() {
    byte[] valid = "abc".getBytes(StandardCharsets.UTF_8);
    Gen<List<Mutations.Edit>> edits = Mutations.edits(4);

    assertThatThrownBy(
            () ->
                FuzzRun.forAll(edits)
                    .tries(500)
                    .seed(4711)
                    .check(
                        list -> {
                          byte[] edited = Mutations.apply(valid, list);
                          for (byte b : edited) {
                            assertThat(b).as("a NUL").isNotEqualTo((byte) 0);
                          }
                        }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "FuzzRunTest.reportsAFailureWithItsSeedAndShrinksItToTheOneEditThatMatters failed on"
                + " try ")
        .hasMessageContaining("seed 4711 (replay: -Dfuzz.seed=4711)")
        .hasMessageContaining("shrunk input (")
        .hasMessageContaining("[Edit[kind=REPLACE, at=0, length=1, token=0]]\n")
        .hasMessageContaining("a NUL");
  }

  @Test
  void shrinksTextAndPrintsItsUnprintableCharactersEscaped() {
    assertThatThrownBy(
            () ->
                FuzzRun.forAll(Gen.anyStrings(50))
                    .tries(500)
                    .seed(7)
                    .check(text -> assertThat(text).doesNotContain("\r")))
        .hasMessageContaining("shrunk input (")
        .hasMessageContaining("): \"\\r\"\n");
  }

  @Test
  void printsBytesEscaped() {
    assertThat(InputText.of(new byte[] {'a', 0, (byte) 0xFF, '\n', '"'}))
        .isEqualTo("bytes\"a\\x00\\xFF\\n\\\"\"");
    assertThat(InputText.of(List.of("é\u0000"))).isEqualTo("[\"\\u00e9\\u0000\"]");
  }

  @Test
  void failsAPropertyWhoseInputsCannotBeDrawn() {
    assertThatThrownBy(
            () -> FuzzRun.forAll(Gen.ints(0, 9).filter(i -> i > 9)).tries(5).seed(1).check(i -> {}))
        .hasMessageContaining("no input could be drawn in 5 tries");
  }
}
