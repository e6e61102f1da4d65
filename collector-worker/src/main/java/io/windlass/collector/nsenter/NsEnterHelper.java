package io.windlass.collector.nsenter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.collector.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON both sides of the helper speak: the response envelope and metric lists.
 *
 * <p>A metric is {@code {"name": "up", "tags": {"host": "h"}, "timestamp": 0, "value": 1.0}};
 * {@code tags} and {@code timestamp} may be left out.
 */
public final class NsEnterHelper {
  static final ObjectMapper JSON = new ObjectMapper();

  private NsEnterHelper() {}

  /**
   * The metrics in a response's {@code data}, which must be a JSON list of metric objects.
   *
   * @throws NsEnterException ({@link NsEnterException.Reason#BAD_RESPONSE}) naming the first
   *     element that is not a valid metric
   */
  public static List<Metric> processResponse(JsonNode data) throws NsEnterException {
    if (!data.isArray()) {
      throw bad("data must be a list of metrics, got " + data.getNodeType());
    }
    List<Metric> metrics = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonNode m = data.get(i);
      if (!m.isObject()) {
        throw bad("data[" + i + "] must be an object, got " + m.getNodeType());
      }
      JsonNode name = m.path("name");
      if (!name.isTextual() || name.asText().isBlank()) {
        throw bad("data[" + i + "].name must be a non-blank string");
      }
      JsonNode value = m.path("value");
      if (!value.isNumber()) {
        throw bad("data[" + i + "].value must be a number");
      }
      JsonNode timestamp = m.path("timestamp");
      if (!timestamp.isMissingNode()
          && !(timestamp.canConvertToLong() && timestamp.isIntegralNumber())) {
        throw bad("data[" + i + "].timestamp must be an integer");
      }
      if (timestamp.asLong(0) < 0) {
        throw bad("data[" + i + "].timestamp " + timestamp.asLong() + " must be >= 0");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      JsonNode tagsNode = m.path("tags");
      if (!tagsNode.isMissingNode() && !tagsNode.isNull()) {
        if (!tagsNode.isObject()) {
          throw bad("data[" + i + "].tags must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tagsNode.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> tag = it.next();
          if (!tag.getValue().isTextual()) {
            throw bad("data[" + i + "].tags." + tag.getKey() + " must be a string");
          }
          tags.put(tag.getKey(), tag.getValue().asText());
        }
      }
      metrics.add(new Metric(name.asText(), tags, timestamp.asLong(0), value.asDouble()));
    }
    return metrics;
  }

  /** {@code metrics} as a response's {@code data}. */
  public static JsonNode toData(List<Metric> metrics) {
    ArrayNode list = JSON.createArrayNode();
    for (Metric metric : metrics) {
      ObjectNode m = list.addObject();
      m.put("name", metric.name());
      ObjectNode tags = m.putObject("tags");
      metric.tags().forEach(tags::put);
      m.put("timestamp", metric.timestamp());
      m.put("value", metric.value());
    }
    return list;
  }

  /**
   * Reads a helper's stdout as a response.
   *
   * @throws NsEnterException ({@link NsEnterException.Reason#BAD_RESPONSE}) when it is not one
   */
  public static NsEnterResponse parseResponse(byte[] stdout) throws NsEnterException {
    JsonNode root;
    try {
      root = JSON.readTree(stdout);
    } catch (JsonProcessingException e) {
      throw bad("helper output is not JSON: " + e.getOriginalMessage() + " in " + excerpt(stdout));
    } catch (IOException e) {
      throw bad("helper output unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad("helper output is not a JSON object: " + excerpt(stdout));
    }
    JsonNode success = root.path("success");
    if (!success.isBoolean()) {
      throw bad("helper output has no boolean \"success\": " + excerpt(stdout));
    }
    JsonNode message = root.path("message");
    JsonNode data = root.path("data");
    return new NsEnterResponse(
        success.asBoolean(),
        message.isTextual() ? message.asText() : "",
        data.isMissingNode() ? NullNode.getInstance() : data);
  }

  /** {@code response} as the one line the helper prints. */
  public static String writeResponse(NsEnterResponse response) {
    ObjectNode root = JSON.createObjectNode();
    root.put("success", response.success());
    root.put("message", response.message());
    root.set("data", response.data());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  private static String excerpt(byte[] stdout) {
    String text = new String(stdout, StandardCharsets.UTF_8).strip();
    return text.isEmpty()
        ? "(empty)"
        : "\"" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "\"";
  }

  private static NsEnterException bad(String message) {
    return new NsEnterException(NsEnterException.Reason.BAD_RESPONSE, message);
  }
}
