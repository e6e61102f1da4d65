package io.windlass.spool.ingest.remotewrite;

import io.windlass.spool.ingest.http.PushFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The versions of Prometheus remote write received, told apart by the request's media type. */
public enum RemoteWriteVersion {
  /** Remote write 1.0: {@code prometheus.WriteRequest}. */
  V1("prometheus.WriteRequest", "0.1.0", PushFormat.REMOTE_WRITE_1),
  /** Remote write 2.0: {@code io.prometheus.write.v2.Request}. */
  V2("io.prometheus.write.v2.Request", "2.0.0", PushFormat.REMOTE_WRITE_2);

  /** The media type of both versions; its {@code proto} parameter names the message. */
  public static final String MEDIA_TYPE = "application/x-protobuf";

  /** What the server takes, for a {@code 415}'s message. */
  public static final String SUPPORTED =
      "send Content-Type: application/x-protobuf (remote write 1.0, as ;proto=prometheus.WriteRequest"
          + " too) or application/x-protobuf;proto=io.prometheus.write.v2.Request (remote write"
          + " 2.0)";

  private final String proto;
  private final String header;
  private final PushFormat format;

  RemoteWriteVersion(String proto, String header, PushFormat format) {
    this.proto = proto;
    this.header = header;
    this.format = format;
  }

  /** The message's fully qualified name, the media type's {@code proto} parameter. */
  public String proto() {
    return proto;
  }

  /** The value of {@code X-Prometheus-Remote-Write-Version} senders of this version send. */
  public String versionHeader() {
    return header;
  }

  /** The push format its requests are counted and stored as. */
  public PushFormat format() {
    return format;
  }

  /**
   * The version of a request with {@code contentType}: {@code application/x-protobuf} alone (as
   * Prometheus 2.x sends) or with {@code proto=prometheus.WriteRequest} is 1.0, with {@code
   * proto=io.prometheus.write.v2.Request} 2.0; null for anything else, and for no {@code
   * Content-Type}. Media type and parameter names are read in any case, the message name as is.
   */
  public static @Nullable RemoteWriteVersion ofContentType(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
      return null;
    }
    @Nullable String proto = null;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      if (eq < 0) {
        continue;
      }
      if (parameter.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("proto")) {
        proto = unquoted(parameter.substring(eq + 1).strip());
      }
    }
    if (proto == null || proto.equals(V1.proto)) {
      return V1;
    }
    return proto.equals(V2.proto) ? V2 : null;
  }

  private static String unquoted(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
