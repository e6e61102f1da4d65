package io.windlass.manifolds.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a tree whose every node knows its line and column, read with Jackson's YAML
 * parser. Unlike a Jackson {@code JsonNode} tree it keeps positions, so that every problem found
 * later can say where it is; and it reports duplicate keys, aliases and extra documents, which
 * Jackson's streaming parser lets through.
 */
final class YamlTree {
  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

  private YamlTree() {}

  /** A 1-based line and column. */
  record Position(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** A node of the tree. */
  sealed interface Node permits Mapping, Sequence, Scalar {
    Position position();

    /** What the node is, for messages: "a mapping", "a list", "text", …. */
    String describe();
  }

  /** A key of a mapping, where it was written, and its value. */
  record Entry(String key, Position keyPosition, Node value) {}

  /** A mapping, entries in document order. */
  record Mapping(Position position, Map<String, Entry> entries) implements Node {
    Mapping {
      entries = ImmutableMap.copyOf(entries);
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A list. */
  record Sequence(Position position, List<Node> items) implements Node {
    Sequence {
      items = ImmutableList.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** What a plain value turned out to be. */
  enum ScalarKind {
    TEXT("text"),
    INTEGER("a number"),
    DECIMAL("a number"),
    BOOLEAN("a boolean"),
    NULL("no value");

    private final String description;

    ScalarKind(String description) {
      this.description = description;
    }
  }

  /** A plain value, with the text as written (for a boolean, e.g. {@code yes}). */
  record Scalar(Position position, ScalarKind kind, String text) implements Node {
    @Override
    public String describe() {
      return kind.description;
    }

    boolean isNull() {
      return kind == ScalarKind.NULL;
    }
  }

  /**
   * Reads {@code text}. Problems go to {@code problems}; a document that is not valid YAML yields
   * only the syntax problem.
   *
   * @return the root, or null for an empty document or one that is not valid YAML
   */
  static @Nullable Node read(String text, ConfigProblems problems) {
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      Node root = node(parser, first, problems, "");
      if (parser.nextToken() != null) {
        problems.add(
            position(parser.currentTokenLocation()),
            "",
            "a second YAML document starts here; a config is a single document");
      }
      return root;
    } catch (JsonProcessingException e) {
      syntaxProblem(e, problems);
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read YAML from a string", e);
    }
  }

  private static Node node(JsonParser parser, JsonToken token, ConfigProblems problems, String path)
      throws IOException {
    Position at = position(parser.currentTokenLocation());
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      problems.add(
          at,
          path,
          "YAML aliases (*"
              + parser.getText()
              + ") are not supported; write the value out in full");
    }
    switch (token) {
      case START_OBJECT:
        {
          Map<String, Entry> entries = new LinkedHashMap<>();
          for (JsonToken t = parser.nextToken();
              t != JsonToken.END_OBJECT;
              t = parser.nextToken()) {
            String key = parser.currentName();
            Position keyAt = position(parser.currentTokenLocation());
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Node value = node(parser, parser.nextToken(), problems, keyPath);
            Entry first = entries.get(key);
            if (first != null) {
              problems.add(
                  keyAt,
                  keyPath,
                  "is written twice (first at line " + first.keyPosition().line() + ")");
            } else {
              entries.put(key, new Entry(key, keyAt, value));
            }
          }
          return new Mapping(at, entries);
        }
      case START_ARRAY:
        {
          List<Node> items = new ArrayList<>();
          for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            items.add(node(parser, t, problems, path + "[" + items.size() + "]"));
          }
          return new Sequence(at, items);
        }
      case VALUE_NUMBER_INT:
        return new Scalar(at, ScalarKind.INTEGER, parser.getText());
      case VALUE_NUMBER_FLOAT:
        return new Scalar(at, ScalarKind.DECIMAL, parser.getText());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Scalar(at, ScalarKind.BOOLEAN, parser.getText());
      case VALUE_NULL:
        return new Scalar(at, ScalarKind.NULL, "");
      default:
        // Strings, and anything exotic (binary), as their text.
        return new Scalar(at, ScalarKind.TEXT, parser.getText());
    }
  }

  private static void syntaxProblem(JsonProcessingException e, ConfigProblems problems) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        Mark mark = marked.getProblemMark();
        String message = "not valid YAML: " + marked.getProblem();
        if (marked.getContext() != null && marked.getContextMark() != null) {
          Mark context = marked.getContextMark();
          message +=
              " ("
                  + marked.getContext()
                  + " at "
                  + (context.getLine() + 1)
                  + ":"
                  + (context.getColumn() + 1)
                  + ")";
        }
        problems.add(new Position(mark.getLine() + 1, mark.getColumn() + 1), "", message);
        return;
      }
    }
    problems.add(position(e.getLocation()), "", "not valid YAML: " + e.getOriginalMessage());
  }

  private static @Nullable Position position(@Nullable JsonLocation location) {
    if (location == null || location.getLineNr() <= 0) {
      return null;
    }
    return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }
}
