package io.windlass.spool.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Near-valid input: valid input (from a grammar-aware generator) with a few edits, each one of
 * flipping a bit, replacing, inserting, deleting or duplicating a run, or cutting the rest off.
 * What is inserted is mostly a token that parsers trip on ({@link #TOKENS}): NUL and other control
 * characters, bytes that are not UTF-8, quotes, backslashes, separators, very long, very large and
 * very small numbers, exponents, the spellings of NaN and infinity, very long tokens.
 *
 * <p>The edits are a generated list, so the runner shrinks a failing input by dropping edits one at
 * a time and simplifying the rest (a token towards the first, a position towards the start), and by
 * shrinking the valid input under them, down to the fewest edits that still fail.
 */
public final class Mutations {

  /** Text tokens to insert; as UTF-8 in byte input. */
  public static final List<String> TOKENS =
      List.of(
          "\u0000",
          "\r",
          "\n",
          "\r\n",
          "\t",
          " ",
          "\"",
          "\\",
          "\\\\",
          "\\\"",
          "\\n",
          "\\u0000",
          "\\ud800",
          "{",
          "}",
          "[",
          "]",
          ",",
          "=",
          ":",
          "#",
          "# TYPE ",
          "# HELP ",
          "--labels",
          "\u007f",
          "\u0085",
          "\u00a0",
          "\u2028",
          "\u3000",
          "\ufeff",
          "\ufffd",
          "é",
          "😀",
          "\ud800",
          "\udc00",
          "-",
          "+",
          ".",
          "0",
          "-0",
          "00",
          "1e",
          "e",
          "E+",
          "1e308",
          "1e309",
          "-1e309",
          "4.9e-324",
          "1e-400",
          "123456789012345678901234567890",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "18446744073709551615",
          "18446744073709551616",
          "99999999999999999999",
          "0x1F",
          "1_000",
          "NaN",
          "nan",
          "-NaN",
          "Inf",
          "+Inf",
          "-Inf",
          "inf",
          "Infinity",
          "-Infinity",
          "true",
          "t",
          "F",
          "i",
          "u",
          "null",
          "9".repeat(400),
          "x".repeat(300),
          "a".repeat(70_000),
          "2025-01-02T03:04:05Z",
          "9999-12-31T23:59:59.999999999Z",
          "10000-01-01T00:00:00Z",
          "0000-01-01T00:00:00+17:59",
          "2024-02-29T24:00:00Z",
          "T",
          "Z",
          "+18:00");

  /**
   * Single bytes to insert into byte input: bytes that are not UTF-8 on their own, and forms that
   * are not.
   */
  private static final List<byte[]> RAW_BYTES =
      List.of(
          new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xFE},
          new byte[] {(byte) 0xC3},
          new byte[] {(byte) 0xC0, (byte) 0x80},
          new byte[] {(byte) 0xC1, (byte) 0xBF},
          new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0x1F, (byte) 0x8B});

  /** What an edit does. */
  public enum Kind {
    FLIP_BIT,
    REPLACE,
    INSERT,
    DELETE,
    DUPLICATE,
    TRUNCATE
  }

  /**
   * One edit: at position {@code at} modulo the input's length, of {@code length} units, with token
   * {@code token} (modulo the number of tokens; bit {@code token % 8} for a flip).
   */
  public record Edit(Kind kind, int at, int length, int token) {}

  private Mutations() {}

  /** One to {@code maxEdits} edits. */
  public static Gen<List<Edit>> edits(int maxEdits) {
    Gen<Edit> edit =
        Gen.combine(
            Gen.of(Kind.class),
            Gen.ints(0, Integer.MAX_VALUE),
            Gen.ints(1, 16),
            Gen.ints(0, Integer.MAX_VALUE),
            Edit::new);
    return edit.list(1, maxEdits);
  }

  /**
   * Byte input made from {@code valid} by one to four edits, and now and then {@code valid} as it
   * is.
   */
  public static Gen<byte[]> ofBytes(Gen<byte[]> valid) {
    return Gen.frequency(
        Gen.weighted(1, valid), Gen.weighted(6, Gen.combine(valid, edits(4), Mutations::apply)));
  }

  /**
   * Text input made from {@code valid} by one to four edits, and now and then {@code valid} as it
   * is.
   */
  public static Gen<String> ofText(Gen<String> valid) {
    return Gen.frequency(
        Gen.weighted(1, valid), Gen.weighted(6, Gen.combine(valid, edits(4), Mutations::apply)));
  }

  /** {@code input} with {@code edits} applied in order. */
  public static byte[] apply(byte[] input, List<Edit> edits) {
    List<Byte> bytes = new ArrayList<>(input.length + 16);
    for (byte b : input) {
      bytes.add(b);
    }
    for (Edit edit : edits) {
      int size = bytes.size();
      int at = size == 0 ? 0 : Math.floorMod(edit.at(), size);
      int length = Math.min(edit.length(), size - at);
      switch (edit.kind()) {
        case FLIP_BIT -> {
          if (size > 0) {
            bytes.set(at, (byte) (bytes.get(at) ^ (1 << (edit.token() % 8))));
          }
        }
        case REPLACE -> {
          bytes.subList(at, at + Math.min(1, length)).clear();
          insert(bytes, at, byteToken(edit.token()));
        }
        case INSERT -> insert(bytes, Math.floorMod(edit.at(), size + 1), byteToken(edit.token()));
        case DELETE -> bytes.subList(at, at + length).clear();
        case DUPLICATE -> bytes.addAll(at, new ArrayList<>(bytes.subList(at, at + length)));
        case TRUNCATE -> bytes.subList(Math.floorMod(edit.at(), size + 1), size).clear();
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  /** {@code input} with {@code edits} applied in order, on UTF-16 characters. */
  public static String apply(String input, List<Edit> edits) {
    StringBuilder text = new StringBuilder(input);
    for (Edit edit : edits) {
      int size = text.length();
      int at = size == 0 ? 0 : Math.floorMod(edit.at(), size);
      int length = Math.min(edit.length(), size - at);
      switch (edit.kind()) {
        case FLIP_BIT -> {
          if (size > 0) {
            text.setCharAt(at, (char) (text.charAt(at) ^ (1 << (edit.token() % 8))));
          }
        }
        case REPLACE -> text.replace(at, at + Math.min(1, length), textToken(edit.token()));
        case INSERT -> text.insert(Math.floorMod(edit.at(), size + 1), textToken(edit.token()));
        case DELETE -> text.delete(at, at + length);
        case DUPLICATE -> text.insert(at, text.substring(at, at + length));
        case TRUNCATE -> text.setLength(Math.floorMod(edit.at(), size + 1));
      }
    }
    return text.toString();
  }

  private static String textToken(int token) {
    return TOKENS.get(Math.floorMod(token, TOKENS.size()));
  }

  private static byte[] byteToken(int token) {
    int index = Math.floorMod(token, TOKENS.size() + RAW_BYTES.size());
    return index < TOKENS.size()
        ? TOKENS.get(index).getBytes(StandardCharsets.UTF_8)
        : RAW_BYTES.get(index - TOKENS.size());
  }

  private static void insert(List<Byte> bytes, int at, byte[] token) {
    List<Byte> boxed = new ArrayList<>(token.length);
    for (byte b : token) {
      boxed.add(b);
    }
    bytes.addAll(at, boxed);
  }

  /** The UTF-8 bytes of lines joined by {@code \n}. */
  public static byte[] lines(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : lines) {
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }
}
