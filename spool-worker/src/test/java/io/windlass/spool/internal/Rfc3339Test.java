package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  /** What the spool read before the hand-written parser: the reference. */
  private static Instant general(String text) {
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  private static Instant common(String text) {
    byte[] bytes = ("xx" + text + "yy").getBytes(US_ASCII);
    return Rfc3339.parseCommon(bytes, 2, text.length());
  }

  @Test
  void readsEveryNumberOfFractionDigitsFromNoneToNine() {
    String fraction = "123456789";
    for (int digits = 0; digits <= 9; digits++) {
      String text =
          "2025-01-02T03:04:05" + (digits == 0 ? "" : "." + fraction.substring(0, digits)) + "Z";
      assertThat(common(text)).as(text).isEqualTo(general(text));
      assertThat(Rfc3339.parse(text)).as(text).isEqualTo(general(text));
    }
    assertThat(Rfc3339.parse("2025-01-02T03:04:05.000000001Z"))
        .isEqualTo(Instant.parse("2025-01-02T03:04:05.000000001Z"));
    assertThat(Rfc3339.parse("2025-01-02T03:04:05.5Z"))
        .isEqualTo(Instant.parse("2025-01-02T03:04:05.500Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Z", "+00:00", "-00:00", "+01:00", "-07:00", "+05:30", "-09:30", "+14:00", "-12:00",
        "+17:59", "-17:59"
      })
  void appliesTheOffset(String offset) {
    String text = "2015-06-10T12:00:00.5" + offset;
    assertThat(common(text)).as(text).isNotNull().isEqualTo(general(text));
  }

  @Test
  void crossesDayMonthAndYearBoundariesWithOffsets() {
    for (String text :
        List.of(
            "2024-12-31T23:30:00-01:00",
            "2025-01-01T00:10:00+02:00",
            "2024-02-29T23:59:59-00:01",
            "2024-03-01T00:00:00+00:01",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z")) {
      assertThat(common(text)).as(text).isEqualTo(general(text));
    }
  }

  @Test
  void knowsLeapYears() {
    for (String leap : List.of("2024", "2000", "1600", "0000", "0004", "9996")) {
      String text = leap + "-02-29T00:00:00Z";
      assertThat(common(text)).as(text).isEqualTo(general(text));
    }
    for (String common : List.of("2023", "1900", "2100", "0100", "9999")) {
      String text = common + "-02-29T00:00:00Z";
      assertThat(common(text)).as(text).isNull();
      assertThatThrownBy(() -> Rfc3339.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void leavesFieldsOutOfRangeToTheGeneralParserWhichRefusesThem() {
    for (String text :
        List.of(
            "2025-13-01T00:00:00Z",
            "2025-00-01T00:00:00Z",
            "2025-01-00T00:00:00Z",
            "2025-01-32T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T00:60:00Z",
            "2025-01-01T23:59:60Z",
            "2025-01-01T00:00:00+18:01",
            "2025-01-01T00:00:00+19:00",
            "2025-01-01T00:00:00+05:60",
            "2025-01-01T00:00:00.1234567890Z")) {
      assertThat(common(text)).as(text).isNull();
      assertThatThrownBy(() -> Rfc3339.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void leavesOtherFormsToTheGeneralParser() {
    for (String text :
        List.of(
            "2025-01-02t03:04:05z",
            "2025-01-02T03:04Z",
            "2025-01-02T03:04:05+18:00",
            "2025-01-02T03:04:05+05:30:15",
            "2025-01-02T03:04:05.Z",
            "+12025-01-02T03:04:05Z")) {
      assertThat(common(text)).as(text).isNull();
      assertThat(Rfc3339.parse(text)).as(text).isEqualTo(general(text));
    }
    for (String text :
        List.of(
            "",
            "yesterday",
            "2025-01-02T03:04:05",
            "2025-01-02 03:04:05Z",
            "2025-01-02T03:04:05+0530",
            "2025-01-02T03:04:05Z ",
            " 2025-01-02T03:04:05Z",
            "2025-1-02T03:04:05Z",
            "2025-01-02T03:04:05\u0660Z")) {
      assertThat(text.chars().allMatch(c -> c < 0x80) ? common(text) : null).as(text).isNull();
      assertThatThrownBy(() -> Rfc3339.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void agreesWithTheGeneralParserOnRandomTimesAndMangledOnes() {
    SplittableRandom random = new SplittableRandom(3339);
    for (int i = 0; i < 20_000; i++) {
      String text = mangle(randomTime(random), random);
      Instant expected;
      try {
        expected = general(text);
      } catch (DateTimeParseException e) {
        assertThatThrownBy(() -> Rfc3339.parse(text))
            .as(text)
            .isInstanceOf(DateTimeParseException.class);
        continue;
      }
      assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }
  }

  private static String randomTime(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d",
            random.nextInt(10_000),
            random.nextInt(14),
            random.nextInt(33),
            random.nextInt(25),
            random.nextInt(61),
            random.nextInt(61)));
    int digits = random.nextInt(11);
    if (digits > 0) {
      text.append('.');
      for (int d = 0; d < digits; d++) {
        text.append((char) ('0' + random.nextInt(10)));
      }
    }
    if (random.nextBoolean()) {
      text.append('Z');
    } else {
      text.append(random.nextBoolean() ? '+' : '-')
          .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(61)));
    }
    return text.toString();
  }

  /** Sometimes changes one character, to a digit or a separator. */
  private static String mangle(String text, SplittableRandom random) {
    if (random.nextInt(4) != 0) {
      return text;
    }
    char[] chars = text.toCharArray();
    chars[random.nextInt(chars.length)] = "0123456789-:.TZtz+ ".charAt(random.nextInt(19));
    return new String(chars);
  }
}
