package io.windlass.spool.ingest.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The two encodings of OTLP/HTTP: binary protobuf ({@code application/x-protobuf}) and JSON ({@code
 * application/json}: lowerCamelCase field names, enums as numbers, 64-bit integers as strings or
 * numbers). A response is written in the encoding of its request.
 */
enum OtlpEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String mediaType;

  OtlpEncoding(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type of bodies in this encoding. */
  String mediaType() {
    return mediaType;
  }

  /**
   * The encoding a {@code Content-Type} names (parameters such as {@code charset} ignored), or null
   * if it names neither.
   */
  static @Nullable OtlpEncoding of(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String media =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    for (OtlpEncoding encoding : values()) {
      if (encoding.mediaType.equals(media)) {
        return encoding;
      }
    }
    return null;
  }

  /**
   * The request in {@code body}.
   *
   * @throws InvalidProtocolBufferException the body is not such a request in this encoding
   */
  ExportMetricsServiceRequest parse(byte[] body) throws InvalidProtocolBufferException {
    if (this == PROTOBUF) {
      return ExportMetricsServiceRequest.parseFrom(body);
    }
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    JsonFormat.parser()
        .ignoringUnknownFields()
        .merge(new String(body, StandardCharsets.UTF_8), request);
    return request.build();
  }

  /**
   * An {@code ExportMetricsServiceResponse}: empty when every point was taken, else with a {@code
   * partial_success} of the points refused and why.
   */
  byte[] response(long rejectedDataPoints, String errorMessage) {
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (rejectedDataPoints > 0 || !errorMessage.isEmpty()) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(rejectedDataPoints)
              .setErrorMessage(errorMessage));
    }
    if (this == PROTOBUF) {
      return response.build().toByteArray();
    }
    try {
      return JsonFormat.printer()
          .omittingInsignificantWhitespace()
          .print(response)
          .getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("an OTLP response that JSON cannot hold", e);
    }
  }

  /**
   * A {@code google.rpc.Status} with {@code code} (a gRPC status code) and {@code message}, the
   * body of an OTLP/HTTP failure.
   */
  byte[] status(int code, String message) {
    if (this == JSON) {
      return ("{\"code\":" + code + ",\"message\":" + jsonString(message) + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      if (code != 0) {
        out.writeInt32(1, code);
      }
      if (!message.isEmpty()) {
        out.writeString(2, message);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String jsonString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
