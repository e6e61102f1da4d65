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

  @Test
  void fewFractionDigitsAreWrittenPlainAndShortest() {
    assertThat(MetricValues.format(12.5)).isEqualTo("12.5");
    assertThat(MetricValues.format(-0.1)).isEqualTo("-0.1");
    assertThat(MetricValues.format(0.0001)).isEqualTo("0.0001");
    assertThat(MetricValues.format(123456.789)).isEqualTo("123456.789");
    assertThat(MetricValues.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(MetricValues.format(1e-6)).isEqualTo("0.000001");
    assertThat(MetricValues.text(Double.NaN)).isEqualTo("NaN");
    assertThat(MetricValues.text(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(MetricValues.text(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(MetricValues.text(-3)).isEqualTo("-3");
  }

  @Test
  void everyFiniteValueIsWrittenAsADecimalThatReadsBackAsItselfNoLongerThanDoubleToString() {
    SplittableRandom random = new SplittableRandom(41);
    byte[] out = new byte[MetricValues.MAX_FORMATTED_LENGTH + 8];
    for (int i = 0; i < 50_000; i++) {
      double value =
          switch (i % 5) {
            case 0 -> Double.longBitsToDouble(random.nextLong()); // any bits
            case 1 -> random.nextInt(2_000_000) / 1000.0 - 1000; // three fraction digits
            case 2 -> random.nextInt(1 << 20) * 0.5; // halves, as counters of halves are
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(-8, 17));
            default -> -random.nextLong(1L << 53) / Math.pow(10, random.nextInt(0, 12));
          };
      if (!Double.isFinite(value)) {
        continue;
      }
      int end = MetricValues.formatTo(value, out, 3);
      String text = new String(out, 3, end - 3, StandardCharsets.ISO_8859_1);
      assertThat(text).as("%s", value).isEqualTo(MetricValues.format(value));
      assertThat(text.length()).as(text).isLessThanOrEqualTo(MetricValues.MAX_FORMATTED_LENGTH);
      assertThat(MetricValues.isDecimal(text)).as(text).isTrue();
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
      assertThat(MetricValues.parse(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
      assertThat(text.length()).as(text).isLessThanOrEqualTo(Double.toString(value).length());
    }
  }
}
