package io.windlass.manifolds.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How one kind of config value is read from a YAML scalar, with the range it must fall in. A
 * problem is an {@link IllegalArgumentException} whose message quotes the value and says what is
 * wrong with it; the reader adds the position and key path.
 *
 * @param <T> the value's type
 */
interface ScalarType<T> {

  /** What the value should be, for "must be …, not a list": e.g. "a size (e.g. 512MiB)". */
  String expected();

  /**
   * Reads a scalar that is not null.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  T read(YamlTree.Scalar scalar);

  /** A type that expects {@code expected} and reads with {@code reader}. */
  static <T> ScalarType<T> of(String expected, Function<YamlTree.Scalar, T> reader) {
    return new ScalarType<>() {
      @Override
      public String expected() {
        return expected;
      }

      @Override
      public T read(YamlTree.Scalar scalar) {
        return reader.apply(scalar);
      }
    };
  }

  /** Text: a string or a number, taken as written. */
  static ScalarType<String> text() {
    return of(
        "text",
        scalar -> {
          if (scalar.kind() == YamlTree.ScalarKind.BOOLEAN) {
            throw new IllegalArgumentException(
                scalar.text()
                    + " is read as a boolean; quote it (\""
                    + scalar.text()
                    + "\")"
                    + " to use it as text");
          }
          return scalar.text();
        });
  }

  /** An agent tag. */
  static ScalarType<String> tag() {
    return text()
        .map(
            "a tag (e.g. agent-db-01)",
            tag -> {
              String problem = AgentSettings.tagProblem(tag);
              if (problem != null) {
                throw new IllegalArgumentException(ConfigProblem.quote(tag) + " " + problem);
              }
              return tag;
            });
  }

  /** A file system path; {@code ~} is refused, since nothing expands it. */
  static ScalarType<Path> path() {
    return text()
        .map(
            "a path",
            text -> {
              if (text.isBlank()) {
                throw new IllegalArgumentException("\"\" is not a path: it must not be empty");
              }
              if (text.startsWith("~")) {
                throw new IllegalArgumentException(
                    ConfigProblem.quote(text)
                        + " starts with ~, which is not expanded: write the full path");
              }
              try {
                return Path.of(text);
              } catch (InvalidPathException e) {
                throw new IllegalArgumentException(
                    ConfigProblem.quote(text) + " is not a path: " + e.getReason());
              }
            });
  }

  /** A {@link ByteSize} in {@code [min, max]}. */
  static ScalarType<ByteSize> size(ByteSize min, ByteSize max) {
    return of(
        "a size (e.g. 512MiB)",
        scalar -> {
          ByteSize size = ByteSize.parse(numberOrText(scalar, "a size (e.g. 512MiB)"));
          if (size.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                ConfigProblem.quote(scalar.text()) + " is too small: it must be at least " + min);
          }
          if (size.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                ConfigProblem.quote(scalar.text()) + " is too large: it must be at most " + max);
          }
          return size;
        });
  }

  /** A {@link Duration} greater than zero. */
  static ScalarType<Duration> positiveDuration() {
    return of(
        "a duration (e.g. 3s)",
        scalar -> {
          Duration duration = DurationText.parse(numberOrText(scalar, "a duration (e.g. 3s)"));
          if (duration.isZero()) {
            throw new IllegalArgumentException(
                ConfigProblem.quote(scalar.text()) + " is too short: it must be more than 0");
          }
          return duration;
        });
  }

  /** A {@link Duration} of zero or more, in whole milliseconds. */
  static ScalarType<Duration> duration() {
    return of(
        "a duration (e.g. 3s)",
        scalar -> {
          Duration duration = DurationText.parse(numberOrText(scalar, "a duration (e.g. 3s)"));
          if (!duration.equals(Duration.ofMillis(duration.toMillis()))) {
            throw new IllegalArgumentException(
                ConfigProblem.quote(scalar.text()) + " is too precise: use whole milliseconds");
          }
          return duration;
        });
  }

  /** A boolean: {@code true} or {@code false}. */
  static ScalarType<Boolean> bool() {
    return of(
        "true or false",
        scalar -> {
          if (scalar.kind() == YamlTree.ScalarKind.BOOLEAN) {
            String text = scalar.text().toLowerCase(java.util.Locale.ROOT);
            if (text.equals("true") || text.equals("yes") || text.equals("on")) {
              return true;
            }
            if (text.equals("false") || text.equals("no") || text.equals("off")) {
              return false;
            }
          }
          throw new IllegalArgumentException(
              ConfigProblem.quote(scalar.text()) + " is not true or false");
        });
  }

  /** One of {@code names}, with a suggestion for a near miss. */
  static ScalarType<String> oneOf(List<String> names) {
    String list = String.join(", ", names);
    return text()
        .map(
            "one of " + list,
            text -> {
              if (names.contains(text)) {
                return text;
              }
              String hint =
                  Suggestion.closest(text, names).map(s -> " (did you mean " + s + "?)").orElse("");
              throw new IllegalArgumentException(
                  ConfigProblem.quote(text) + " is not one of " + list + hint);
            });
  }

  /** A whole number in {@code [min, max]}. */
  static ScalarType<Long> wholeNumber(long min, long max) {
    return new ScalarType<>() {
      private final Pattern integer = Pattern.compile("[-+]?\\d+");

      @Override
      public String expected() {
        return "a whole number";
      }

      @Override
      public Long read(YamlTree.Scalar scalar) {
        String text = numberOrText(scalar, expected());
        String digits =
            scalar.kind() == YamlTree.ScalarKind.INTEGER ? text.replace("_", "") : text.strip();
        if (!integer.matcher(digits).matches()) {
          throw new IllegalArgumentException(ConfigProblem.quote(text) + " is not a whole number");
        }
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
          throw new IllegalArgumentException(
              ConfigProblem.quote(text) + " is too small: it must be at least " + min);
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
          throw new IllegalArgumentException(
              ConfigProblem.quote(text) + " is too large: it must be at most " + max);
        }
        return value.longValueExact();
      }
    };
  }

  /** One of {@code values}, by the name {@code name} gives each. */
  static <E extends Enum<E>> ScalarType<E> oneOf(E[] values, Function<E, String> name) {
    List<String> names = new ArrayList<>();
    for (E value : values) {
      names.add(name.apply(value));
    }
    String list = String.join(", ", names);
    return text()
        .map(
            "one of " + list,
            text -> {
              for (E value : values) {
                if (name.apply(value).equals(text)) {
                  return value;
                }
              }
              String hint =
                  Suggestion.closest(text, names).map(s -> " (did you mean " + s + "?)").orElse("");
              throw new IllegalArgumentException(
                  ConfigProblem.quote(text) + " is not one of " + list + hint);
            });
  }

  /** This type, then {@code then} on its value; {@code expected} describes the result. */
  default <R> ScalarType<R> map(String expected, Function<? super T, ? extends R> then) {
    return of(expected, scalar -> then.apply(read(scalar)));
  }

  /** The text of a number or string; a boolean is refused as not being {@code expected}. */
  private static String numberOrText(YamlTree.Scalar scalar, String expected) {
    if (scalar.kind() == YamlTree.ScalarKind.BOOLEAN) {
      throw new IllegalArgumentException(
          scalar.text() + " is read as a boolean; this must be " + expected);
    }
    return scalar.text();
  }
}
