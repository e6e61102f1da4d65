package io.windlass.spool.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of inputs: a function of the {@link Choices} it draws from. Generators combine
 * ({@link #map}, {@link #flatMap}, {@link #list}, {@link #combine}, {@link #frequency}, ...) into
 * generators that know a format's grammar; since all of them draw through {@link Choices}, the
 * runner ({@link FuzzRun}) shrinks any of them the same way: lists lose elements, numbers go
 * towards their lower bound, a choice among alternatives goes towards the first.
 */
@FunctionalInterface
public interface Gen<T> {

  /** How many times {@link #filter} draws before it gives up on the input. */
  int FILTER_ATTEMPTS = 100;

  /** One input drawn from {@code choices}. */
  T generate(Choices choices);

  /** Thrown when no input could be drawn (a filter that rejects everything): the try is skipped. */
  final class GaveUp extends RuntimeException {
    GaveUp(String message) {
      super(message, null, false, false);
    }
  }

  /** One alternative of {@link #frequency} and its weight. */
  record Weighted<T>(int weight, Gen<? extends T> gen) {}

  /** A weighted alternative. */
  static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  // ---- combinators

  default <R> Gen<R> map(Function<? super T, ? extends R> function) {
    return choices -> function.apply(generate(choices));
  }

  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> function) {
    return choices -> function.apply(generate(choices)).generate(choices);
  }

  /** Inputs that pass {@code keep}; a try gives up after {@value #FILTER_ATTEMPTS} misses. */
  default Gen<T> filter(Predicate<? super T> keep) {
    return choices -> {
      for (int i = 0; i < FILTER_ATTEMPTS; i++) {
        T value = generate(choices);
        if (keep.test(value)) {
          return value;
        }
      }
      throw new GaveUp("no input passed the filter in " + FILTER_ATTEMPTS + " draws");
    };
  }

  /**
   * Lists of {@code min} to {@code max} elements. Before each element past {@code min}, a choice
   * decides whether there is one more, so a list shrinks by dropping any of its elements.
   */
  default Gen<List<T>> list(int min, int max) {
    int average = Math.max(1, Math.min(max - min, Math.max(3, (max - min) / 3)));
    return choices -> {
      List<T> list = new ArrayList<>();
      while (list.size() < max && (list.size() < min || choices.between(0, average) != 0)) {
        list.add(generate(choices));
      }
      return list;
    };
  }

  /** As {@link #list}, keeping only the first element of each {@code key}. */
  default Gen<List<T>> uniqueList(int min, int max, Function<? super T, ?> key) {
    return list(min, max)
        .map(
            list -> {
              Set<Object> seen = new HashSet<>();
              return list.stream().filter(element -> seen.add(key.apply(element))).toList();
            })
        .filter(list -> list.size() >= min);
  }

  static <A, B, R> Gen<R> combine(
      Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> function) {
    return choices -> function.apply(a.generate(choices), b.generate(choices));
  }

  static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Function3<A, B, C, R> function) {
    return choices -> function.apply(a.generate(choices), b.generate(choices), c.generate(choices));
  }

  static <A, B, C, D, R> Gen<R> combine(
      Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Function4<A, B, C, D, R> function) {
    return choices ->
        function.apply(
            a.generate(choices), b.generate(choices), c.generate(choices), d.generate(choices));
  }

  /** A function of three inputs. */
  @FunctionalInterface
  interface Function3<A, B, C, R> {
    R apply(A a, B b, C c);
  }

  /** A function of four inputs. */
  @FunctionalInterface
  interface Function4<A, B, C, D, R> {
    R apply(A a, B b, C c, D d);
  }

  // ---- choosing

  static <T> Gen<T> constant(T value) {
    return choices -> value;
  }

  /** One of {@code values}; it shrinks towards the first. */
  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return of(List.of(values));
  }

  /** One of {@code values}; it shrinks towards the first. */
  static <T> Gen<T> of(List<? extends T> values) {
    List<? extends T> copy = List.copyOf(values);
    return choices -> copy.get(choices.between(0, copy.size() - 1));
  }

  static <E extends Enum<E>> Gen<E> of(Class<E> type) {
    return of(type.getEnumConstants());
  }

  /** From one of {@code gens}, equally likely; it shrinks towards the first. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = List.of(gens);
    return choices -> copy.get(choices.between(0, copy.size() - 1)).generate(choices);
  }

  /** From one of the alternatives, as likely as their weights; it shrinks towards the first. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... alternatives) {
    List<Weighted<? extends T>> copy = List.of(alternatives);
    int total = copy.stream().mapToInt(Weighted::weight).sum();
    return choices -> {
      int pick = choices.between(0, total - 1);
      for (Weighted<? extends T> alternative : copy) {
        pick -= alternative.weight();
        if (pick < 0) {
          return alternative.gen().generate(choices);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  // ---- numbers

  static Gen<Boolean> booleans() {
    return choices -> choices.between(0, 1) == 1;
  }

  /**
   * Numbers from {@code min} to {@code max}, now and then one of the edges ({@code min}, {@code
   * max}, and 0, 1 and -1 where they are in range); they shrink towards {@code min}.
   */
  static Gen<Long> longs(long min, long max) {
    List<Long> edges = new ArrayList<>(List.of(min, max));
    for (long edge : new long[] {0, 1, -1}) {
      if (edge >= min && edge <= max) {
        edges.add(edge);
      }
    }
    return choices ->
        choices.oneIn(8)
            ? edges.get(choices.between(0, edges.size() - 1))
            : choices.between(min, max);
  }

  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Any long: mostly small ones of either sign, then any, then the edges; they shrink to 0. */
  static Gen<Long> longs() {
    return frequency(
        weighted(4, choices -> choices.between(0L, 1000L) * (choices.oneIn(2) ? -1 : 1)),
        weighted(4, choices -> choices.between(0L, Long.MAX_VALUE) * (choices.oneIn(2) ? -1 : 1)),
        weighted(1, of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 1L, 0L)));
  }

  /**
   * Any double: small integers and fractions, any bit pattern (NaN, infinities, subnormals
   * included), and the edges; they shrink to 0.
   */
  static Gen<Double> doubles() {
    return frequency(
        weighted(
            3, choices -> choices.between(-1000L, 1000L) / (double) (1 << choices.between(0, 10))),
        weighted(
            3, choices -> Double.longBitsToDouble(choices.between(Long.MIN_VALUE, Long.MAX_VALUE))),
        weighted(
            1,
            of(
                0.0,
                -0.0,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                Double.MIN_NORMAL)));
  }

  /** Decimals of up to 19 significant digits and any scale from -20 to 40. */
  static Gen<BigDecimal> bigDecimals() {
    return combine(
        longs(),
        ints(-20, 40),
        (unscaled, scale) -> new BigDecimal(BigInteger.valueOf(unscaled), scale));
  }

  // ---- bytes and text

  /** Byte arrays of up to {@code maxLength} bytes, any values. */
  static Gen<byte[]> bytes(int maxLength) {
    Gen<Byte> any = choices -> (byte) choices.between(0, 255);
    return any.list(0, maxLength)
        .map(
            list -> {
              byte[] bytes = new byte[list.size()];
              for (int i = 0; i < bytes.length; i++) {
                bytes[i] = list.get(i);
              }
              return bytes;
            });
  }

  /** Characters of {@code alphabet}; they shrink towards its first. */
  static Gen<Character> charsOf(String alphabet) {
    return choices -> alphabet.charAt(choices.between(0, alphabet.length() - 1));
  }

  /**
   * Any UTF-16 unit: mostly printable ASCII, then control characters, Latin-1 and any (surrogates
   * alone included); they shrink towards {@code 'a'}.
   */
  static Gen<Character> anyChars() {
    return frequency(
        weighted(6, choices -> (char) ('a' + choices.between(0, '~' - 'a'))),
        weighted(4, choices -> (char) (' ' + choices.between(0, '~' - ' '))),
        weighted(1, choices -> (char) choices.between(0, 0x1f)),
        weighted(1, choices -> (char) choices.between(0x7f, 0xff)),
        weighted(2, choices -> (char) choices.between(0, 0xffff)));
  }

  /** Strings of {@code min} to {@code max} characters of {@code chars}. */
  static Gen<String> strings(Gen<Character> chars, int min, int max) {
    return chars
        .list(min, max)
        .map(
            list -> {
              StringBuilder text = new StringBuilder(list.size());
              list.forEach(text::append);
              return text.toString();
            });
  }

  /** Strings of {@code min} to {@code max} characters of {@code alphabet}. */
  static Gen<String> strings(String alphabet, int min, int max) {
    return strings(charsOf(alphabet), min, max);
  }

  /** Strings of up to {@code max} of any UTF-16 units ({@link #anyChars}). */
  static Gen<String> anyStrings(int max) {
    return strings(anyChars(), 0, max);
  }

  /** The characters from {@code first} to {@code last}, for an alphabet. */
  static String range(char first, char last) {
    StringBuilder text = new StringBuilder();
    for (char c = first; c <= last; c++) {
      text.append(c);
    }
    return text.toString();
  }

  /** Maps of up to {@code max} entries (fewer where keys repeat), in the order drawn. */
  static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int max) {
    return combine(keys, values, Map::entry)
        .list(0, max)
        .map(
            entries -> {
              Map<K, V> map = new LinkedHashMap<>();
              entries.forEach(entry -> map.putIfAbsent(entry.getKey(), entry.getValue()));
              return map;
            });
  }
}
