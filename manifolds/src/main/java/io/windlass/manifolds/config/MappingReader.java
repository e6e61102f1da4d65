package io.windlass.manifolds.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the keys of one YAML mapping (a section, or an entry of a list), recording every problem
 * with its position and key path and carrying on, so that one pass finds them all. Each key asked
 * for becomes known; {@link #reportUnknownKeys} then names the rest, with a suggestion when one is
 * close.
 */
final class MappingReader {
  private final ConfigProblems problems;
  private final String path;
  private final YamlTree.@Nullable Mapping mapping;
  private final YamlTree.Position position;
  private final boolean malformed;
  private final Set<String> known = new LinkedHashSet<>();

  private MappingReader(
      ConfigProblems problems,
      String path,
      YamlTree.@Nullable Mapping mapping,
      YamlTree.Position position,
      boolean malformed) {
    this.problems = problems;
    this.path = path;
    this.mapping = mapping;
    this.position = position;
    this.malformed = malformed;
  }

  /**
   * A reader of {@code node} at {@code path}. An absent or null node reads as an empty mapping
   * (every key takes its default); anything else that is not a mapping is a problem, described as
   * {@code expected}, and reads as empty too.
   */
  static MappingReader of(
      ConfigProblems problems, String path, YamlTree.@Nullable Node node, String expected) {
    YamlTree.Position at = node == null ? new YamlTree.Position(1, 1) : node.position();
    if (node instanceof YamlTree.Mapping mapping) {
      return new MappingReader(problems, path, mapping, at, false);
    }
    if (node != null && !(node instanceof YamlTree.Scalar scalar && scalar.isNull())) {
      problems.add(at, path, "must be " + expected + ", not " + node.describe());
      return new MappingReader(problems, path, null, at, true);
    }
    return new MappingReader(problems, path, null, at, false);
  }

  /** The key path of {@code key} in this mapping. */
  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Records a problem that is not about one key's value. */
  void problem(YamlTree.Position at, String path, String message) {
    problems.add(at, path, message);
  }

  /** A reader of a mapping nested in this one (an entry of a list). */
  MappingReader nested(String path, YamlTree.@Nullable Node node, String expected) {
    return of(problems, path, node, expected);
  }

  /** Where this mapping starts. */
  YamlTree.Position position() {
    return position;
  }

  /** The raw node of {@code key}, if written; marks the key as known. */
  Optional<YamlTree.Node> node(String key) {
    known.add(key);
    if (mapping == null) {
      return Optional.empty();
    }
    YamlTree.Entry entry = mapping.entries().get(key);
    return entry == null ? Optional.empty() : Optional.of(entry.value());
  }

  /** The value of {@code key}, or {@code defaultValue} if it is absent or has a problem. */
  <T> T value(String key, T defaultValue, ScalarType<T> type) {
    return optional(key, type).orElse(defaultValue);
  }

  /** The value of {@code key}; empty if it is absent or has a problem. */
  <T> Optional<T> optional(String key, ScalarType<T> type) {
    Optional<YamlTree.Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    return read(pathOf(key), node.get(), type);
  }

  /**
   * The value of {@code key}, which must be written; empty (and a problem, unless the mapping
   * itself was not a mapping) otherwise.
   */
  <T> Optional<T> required(String key, ScalarType<T> type) {
    Optional<YamlTree.Node> node = node(key);
    if (node.isEmpty()) {
      if (!malformed) {
        problems.add(position, pathOf(key), "is missing");
      }
      return Optional.empty();
    }
    return read(pathOf(key), node.get(), type);
  }

  /** Reads {@code node} at {@code path} as {@code type}, recording any problem. */
  <T> Optional<T> read(String path, YamlTree.Node node, ScalarType<T> type) {
    if (!(node instanceof YamlTree.Scalar scalar)) {
      problems.add(
          node.position(), path, "must be " + type.expected() + ", not " + node.describe());
      return Optional.empty();
    }
    if (scalar.isNull()) {
      problems.add(
          node.position(),
          path,
          "has no value; write " + type.expected() + ", or leave the key out for the default");
      return Optional.empty();
    }
    try {
      return Optional.of(type.read(scalar));
    } catch (IllegalArgumentException e) {
      problems.add(node.position(), path, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Records a problem for every key that was never asked for: a misspelling (with the closest known
   * key), or a {@code reserved} name, which this version does not read.
   *
   * @param what "key" or "section", for messages
   * @param reserved names set aside for later versions, with what each will hold
   */
  void reportUnknownKeys(String what, Map<String, String> reserved) {
    if (mapping == null) {
      return;
    }
    for (YamlTree.Entry entry : mapping.entries().values()) {
      String key = entry.key();
      if (known.contains(key)) {
        continue;
      }
      String message;
      if (reserved.containsKey(key)) {
        message =
            what
                + " reserved for "
                + reserved.get(key)
                + "; this version of windlass does not read it yet";
      } else {
        Optional<String> closest = Suggestion.closest(key, known);
        message =
            closest.isPresent()
                ? "unknown " + what + " (did you mean " + closest.get() + "?)"
                : "unknown " + what + " (expected one of " + String.join(", ", known) + ")";
      }
      problems.add(entry.keyPosition(), pathOf(key), message);
    }
  }

  /** The items of a list node at {@code path}; a problem (and none) if it is not a list. */
  List<YamlTree.Node> items(String path, YamlTree.Node node, String expected) {
    if (node instanceof YamlTree.Sequence sequence) {
      return sequence.items();
    }
    problems.add(node.position(), path, "must be " + expected + ", not " + node.describe());
    return new ArrayList<>();
  }
}
