package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricValuesTest {

  /** What the encoder did before the fast path: the reference. */
  private static double general(String text) {
    return Double.parseDouble(text.trim());
  }

  private static void assertSameAsGeneral(String text) {
    assertThat(Double.doubleToRawLongBits(MetricValues.parse(text)))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(general(text)));
    byte[] among = ("9." + text + "7").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Double.doubleToRawLongBits(MetricValues.parse(among, 2, among.length - 1)))
        .as("%s as bytes", text)
        .isEqualTo(Double.doubleToRawLongBits(general(text)));
  }

  @Test
  void readsPlainDecimalsExactlyAsParseDoubleDoes() {
    for (String text :
        List.of(
            "0",
            "1",
            "-1",
            "+2",
            "37.125",
            "0.1",
            "0.3",
            "-0.000001",
            "5.",
            ".5",
            "+.5",
            "-.5",
            "123456789012345",
            "1234567890123456",
            "9007199254740992",
            "9007199254740993",
            "0.1234567890123456789012",
            "1.0000000000000000000001",
            "00000000000000000000012.5",
            "99999999999999999999",
            "4.35",
            "2.675",
            "1e3",
            "1E-3",
            "-3e2",
            " 7 ",
            "\t8\n")) {
      assertSameAsGeneral(text);
    }
  }

  @Test
  void keepsTheSignOfZero() {
    for (String zero : List.of("-0", "-0.0", "-.0", "-0.", "+0", "0.000")) {
      assertSameAsGeneral(zero);
    }
    assertThat(Double.doubleToRawLongBits(MetricValues.parse("-0")))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void agreesWithParseDoubleOnRandomDecimals() {
    SplittableRandom random = new SplittableRandom(53);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder text = new StringBuilder();
      if (random.nextInt(4) == 0) {
        text.append(random.nextBoolean() ? '-' : '+');
      }
      int whole = random.nextInt(18);
      for (int d = 0; d < whole; d++) {
        text.append((char) ('0' + random.nextInt(10)));
      }
      if (whole == 0 || random.nextBoolean()) {
        text.append('.');
        int fraction = (whole == 0 ? 1 : 0) + random.nextInt(25);
        for (int d = 0; d < fraction; d++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
      assertSameAsGeneral(text.toString());
      assertThat(MetricValues.parse(text.toString()))
          .as(text.toString())
          .isEqualTo(new BigDecimal(text.toString().replace("+", "")).doubleValue());
    }
  }

  @Test
  void refusesWhatIsNotADecimalNumber() {
    for (String bad :
        List.of(
            "",
            ".",
            "-",
            "+",
            "-.",
            "1..2",
            "1.2.3",
            "nan",
            "Inf",
            "+inf",
            "Infinity",
            "0x10",
            "1d",
            "1,5",
            "1_000",
            "e5",
            "1e",
            "one",
            "1 2",
            "١")) {
      assertThatThrownBy(() -> MetricValues.parse(bad))
          .as(bad)
          .isInstanceOf(NumberFormatException.class);
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> MetricValues.parse(bytes, 0, bytes.length))
          .as("%s as bytes", bad)
          .isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  void readsTheSpoolsThreeNonFiniteSpellings() {
    for (String text : List.of("NaN", "+Inf", "-Inf")) {
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      assertThat(Double.doubleToRawLongBits(MetricValues.parse(text)))
          .isEqualTo(Double.doubleToRawLongBits(MetricValues.parse(bytes, 0, bytes.length)));
    }
    assertThat(Double.doubleToRawLongBits(MetricValues.parse("NaN")))
        .isEqualTo(0x7ff8000000000000L);
    assertThat(MetricValues.parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(MetricValues.parse("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void valuesAreWrittenAsShortDecimals() {
    assertThat(MetricValues.format(42)).isEqualTo("42");
    assertThat(MetricValues.format(-0.0)).isEqualTo("0");
    assertThat(MetricValues.format(0.25)).isEqualTo("0.25");
    assertThat(MetricValues.format(1e20)).isEqualTo("1.0E20");
    assertThat(MetricValues.format(1e-7)).isEqualTo("1.0E-7");
    assertThat(MetricValues.format(-Double.MAX_VALUE)).hasSizeLessThanOrEqualTo(30);
    assertThat(MetricValues.format(-Double.MIN_VALUE)).hasSizeLessThanOrEqualTo(30);
    assertThat(MetricValues.format(Double.NaN)).isNull();
    assertThat(MetricValues.format(Double.NEGATIVE_INFINITY)).isNull();
  }
}
