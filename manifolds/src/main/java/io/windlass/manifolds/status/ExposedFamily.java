package io.windlass.manifolds.status;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code # TYPE} and {@code # HELP} of a re-exposed metric key, from what the batches said of
 * its family. The exposition writes one family per key, so a key is typed as its family only where
 * that is one key: a counter or gauge of that name, or a counter {@code x} whose key is {@code
 * x_total}. The keys of a histogram's or summary's samples ({@code x_bucket}, {@code x_sum}, {@code
 * x_count}, a summary's quantiles under {@code x}), and families of other types, are {@code
 * untyped} with the family's help. A key whose family no batch described is typed by its declared
 * kind, as before: {@code counter} if all its series are counters, else {@code gauge}.
 *
 * @param type {@code counter}, {@code gauge} or {@code untyped}
 * @param help the family's help, or null for none
 */
record ExposedFamily(String type, @Nullable String help) {

  private static final List<String> COMPONENT_SUFFIXES =
      List.of("_bucket", "_sum", "_count", "_created", "_gsum", "_gcount");

  /**
   * The exposed family of {@code key}.
   *
   * @param families the description of a family name, or null
   * @param declaredCounters whether every series of the key was declared a counter
   */
  static ExposedFamily of(
      String key, Function<String, @Nullable MetricFamily> families, boolean declaredCounters) {
    MetricFamily exact = families.apply(key);
    if (exact != null) {
      return new ExposedFamily(typeOfOwnKey(exact.type()), help(exact));
    }
    if (key.endsWith("_total")) {
      MetricFamily counter = families.apply(key.substring(0, key.length() - "_total".length()));
      if (counter != null && counter.type() == MetricType.COUNTER) {
        return new ExposedFamily("counter", help(counter));
      }
    }
    for (String suffix : COMPONENT_SUFFIXES) {
      if (key.endsWith(suffix)) {
        MetricFamily base = families.apply(key.substring(0, key.length() - suffix.length()));
        if (base != null) {
          return new ExposedFamily("untyped", help(base));
        }
      }
    }
    return new ExposedFamily(declaredCounters ? "counter" : "gauge", null);
  }

  private static String typeOfOwnKey(MetricType type) {
    return switch (type) {
      case COUNTER -> "counter";
      case GAUGE -> "gauge";
      default -> "untyped";
    };
  }

  private static @Nullable String help(MetricFamily family) {
    return family.help().isEmpty() ? null : family.help();
  }
}
