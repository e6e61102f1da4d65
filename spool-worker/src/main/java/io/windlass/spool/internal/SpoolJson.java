package io.windlass.spool.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricType;
import io.windlass.spool.MetricsDataException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The spool's JSON: the Jackson mapper that defines its format, and decoders for metadata and data
 * files that accept what Juju's Go encoder writes (RFC 3339 times with any offset and any number of
 * fraction digits, unknown fields ignored, {@code "labels":null}).
 */
public final class SpoolJson {
  /**
   * The mapper whose output is the spool's format: times as ISO-8601 UTC strings ({@link
   * Instant#toString()}), unknown properties ignored on reading.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private SpoolJson() {}

  /**
   * A metadata file's bytes: Jackson's JSON for {@code metadata} and a newline, as Go writes. Its
   * families are left out from the first one that would take the file past {@link
   * SpoolEntries#MAX_META_BYTES}, which readers refuse.
   */
  public static byte[] encodeMeta(MetricMetadata metadata) {
    if (metadata.families().isEmpty()) {
      byte[] plain = PlainMetadata.encode(metadata);
      if (plain != null) {
        return plain;
      }
    }
    try {
      byte[] json = MAPPER.writeValueAsBytes(withinBound(metadata));
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + metadata, e);
    }
  }

  /** {@code metadata} with as many of its families as keep its file within its bound. */
  private static MetricMetadata withinBound(MetricMetadata metadata)
      throws JsonProcessingException {
    List<MetricFamily> families = metadata.families();
    if (families.isEmpty()) {
      return metadata;
    }
    // The file: the metadata without families, ',"families":[', the families with commas, ']'.
    long size = MAPPER.writeValueAsBytes(metadata.withFamilies(List.of())).length + 16L;
    int kept = 0;
    for (MetricFamily family : families) {
      size += MAPPER.writeValueAsBytes(family).length + 1L;
      if (size > SpoolEntries.MAX_META_BYTES) {
        break;
      }
      kept++;
    }
    return kept == families.size() ? metadata : metadata.withFamilies(families.subList(0, kept));
  }

  /**
   * Decodes a metadata file. Its {@code families} are read leniently: a description that is not
   * well formed, or past the {@link MetricMetadata#MAX_FAMILIES}th, is left out rather than making
   * the batch unreadable; an unknown type reads as {@link MetricType#UNKNOWN}, a long help text is
   * cut.
   *
   * @throws MetricsDataException it is empty, not one JSON object, lacks a field, or names another
   *     batch than {@code uuid}
   */
  public static MetricMetadata decodeMeta(String uuid, byte[] bytes) throws MetricsDataException {
    MetricMetadata plain = PlainMetadata.decode(uuid, bytes);
    if (plain != null) {
      return plain;
    }
    String what = "batch " + uuid + " metadata";
    try (JsonParser p = FACTORY.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MetricsDataException(what + " file is empty");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new MetricsDataException(what + " is not a JSON object");
      }
      String charmUrl = null;
      String metaUuid = null;
      Instant created = null;
      String unitTag = null;
      List<MetricFamily> families = List.of();
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        t = p.nextToken();
        switch (field) {
          case "charmurl":
            charmUrl = string(p, t, what, field);
            break;
          case "uuid":
            metaUuid = string(p, t, what, field);
            break;
          case "created":
            created = time(string(p, t, what, field), what, field);
            break;
          case "unit-tag":
            unitTag = string(p, t, what, field);
            break;
          case "families":
            families = families(p, t);
            break;
          default:
            p.skipChildren();
        }
      }
      require(charmUrl, what, "charmurl");
      require(metaUuid, what, "uuid");
      require(created, what, "created");
      require(unitTag, what, "unit-tag");
      if (!uuid.equals(metaUuid)) {
        throw new MetricsDataException(what + " names batch \"" + metaUuid + "\"");
      }
      return new MetricMetadata(charmUrl, metaUuid, created, unitTag, families);
    } catch (MetricsDataException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MetricsDataException(what + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MetricsDataException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The well-formed family descriptions of a {@code families} array; see {@link #decodeMeta}. */
  private static List<MetricFamily> families(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    Map<String, MetricFamily> families = new LinkedHashMap<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String name = null;
      String type = null;
      String help = "";
      String unit = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value != JsonToken.VALUE_STRING) {
          p.skipChildren();
          continue;
        }
        switch (field) {
          case "name" -> name = p.getText();
          case "type" -> type = p.getText();
          case "help" -> help = p.getText();
          case "unit" -> unit = p.getText();
          default -> {}
        }
      }
      if (name != null
          && MetricFamily.isValidName(name)
          && (families.size() < MetricMetadata.MAX_FAMILIES || families.containsKey(name))) {
        MetricType parsed = type == null ? MetricType.UNKNOWN : MetricType.fromLabelOrUnknown(type);
        families.put(name, MetricFamily.clipped(name, parsed, help, unit));
      }
    }
    return List.copyOf(families.values());
  }

  /**
   * Decodes a data file: JSON metric objects one after another (one per line as written), or a file
   * in the spool's {@linkplain BinaryBatchFormat binary form}.
   *
   * @throws MetricsDataException a value is not a metric object or lacks a field; a binary file is
   *     not whole or not in its form
   */
  public static List<Metric> decodeMetrics(String uuid, byte[] bytes) throws MetricsDataException {
    return decode(uuid, bytes, bytes.length, new DecodeCache.Tables());
  }

  /**
   * Decodes a data file, the first {@code length} bytes of {@code bytes}, as {@link
   * #decodeMetrics(String, byte[])} does, reusing the keys, label values and label maps {@code
   * cache} holds from earlier files.
   *
   * @throws MetricsDataException a value is not a metric object or lacks a field
   */
  public static List<Metric> decodeMetrics(String uuid, byte[] bytes, int length, DecodeCache cache)
      throws MetricsDataException {
    DecodeCache.Tables tables = cache.borrow();
    try {
      return decode(uuid, bytes, length, tables);
    } finally {
      cache.giveBack(tables);
    }
  }

  /** A data file's metrics: in the binary form if it starts as one, JSON lines otherwise. */
  private static List<Metric> decode(
      String uuid, byte[] bytes, int length, DecodeCache.Tables tables)
      throws MetricsDataException {
    if (BinaryBatchFormat.isBinary(bytes, length)) {
      return new BinaryBatchDecoder(uuid, tables).decode(bytes, length);
    }
    return new MetricLinesDecoder(FACTORY, uuid, tables).decode(bytes, length);
  }

  /**
   * What a rejected batch's reason file says.
   *
   * @param rejectedAt when the batch was rejected
   * @param reason why
   */
  public record Reason(Instant rejectedAt, String reason) {}

  /** A reason file's bytes: {@code {"uuid":..,"rejected":..,"reason":..}} and a newline. */
  public static byte[] encodeReason(String uuid, Instant rejectedAt, String reason) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("uuid", uuid);
    fields.put("rejected", rejectedAt.toString());
    fields.put("reason", reason);
    return jsonLine(fields, uuid);
  }

  /**
   * Encodes the reason file of an entry moved to quarantine: {@code {"entry":…,"quarantined":…,
   * "problem":…,"reason":…}} and a newline.
   */
  public static byte[] encodeQuarantineReason(
      String entry, Instant quarantinedAt, String problem, String reason) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("entry", entry);
    fields.put("quarantined", quarantinedAt.toString());
    fields.put("problem", problem);
    fields.put("reason", reason);
    return jsonLine(fields, entry);
  }

  /** A reason file's fields as one JSON object and a newline. */
  private static byte[] jsonLine(Map<String, String> fields, String about) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(fields);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the reason for " + about, e);
    }
  }

  /**
   * Decodes a reason file.
   *
   * @throws MetricsDataException it is not a JSON object with a {@code rejected} time and a {@code
   *     reason}
   */
  public static Reason decodeReason(String uuid, byte[] bytes) throws MetricsDataException {
    String what = "batch " + uuid + " reason";
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MetricsDataException(what + " is not a JSON object");
      }
      Instant at = null;
      String reason = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        t = p.nextToken();
        switch (field) {
          case "rejected":
            at = time(string(p, t, what, field), what, field);
            break;
          case "reason":
            reason = string(p, t, what, field);
            break;
          default:
            p.skipChildren();
        }
      }
      require(at, what, "rejected");
      require(reason, what, "reason");
      return new Reason(at, reason);
    } catch (MetricsDataException e) {
      throw e;
    } catch (IOException e) {
      throw new MetricsDataException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Parses an RFC 3339 time with any offset and 0 to 9 fraction digits (see {@link Rfc3339}). */
  public static Instant parseTime(String text) {
    return Rfc3339.parse(text);
  }

  private static Instant time(String text, String where, String field) throws MetricsDataException {
    try {
      return parseTime(text);
    } catch (DateTimeParseException e) {
      throw new MetricsDataException(
          where + ": \"" + field + "\" \"" + text + "\" is not an RFC 3339 time", e);
    }
  }

  private static String string(JsonParser p, JsonToken t, String where, String field)
      throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new MetricsDataException(where + ": \"" + field + "\" is not a string");
    }
    return p.getText();
  }

  private static void require(@Nullable Object value, String where, String field)
      throws MetricsDataException {
    if (value == null) {
      throw new MetricsDataException(where + ": \"" + field + "\" is missing");
    }
  }
}
