package io.windlass.spool.sender;

import com.google.protobuf.CodedOutputStream;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A family description as a remote write 1.0 {@code MetricMetadata} message ({@code
 * prompb/types.proto}), encoded once:
 *
 * <pre>
 * MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4;
 *                  string unit = 5; }
 * MetricType     { UNKNOWN = 0; COUNTER = 1; GAUGE = 2; HISTOGRAM = 3; GAUGEHISTOGRAM = 4;
 *                  SUMMARY = 5; INFO = 6; STATESET = 7; }
 * </pre>
 *
 * The family name is sanitised as the samples' {@code __name__} is ({@link
 * SeriesLabels#metricName}), so it names the same metric at the backend; fields with their default
 * value (type {@code UNKNOWN}, empty help or unit) are left out, as protobuf encoders do.
 *
 * @param name the family name as sent
 * @param message the encoded message, without its tag and length
 */
record FamilyMetadata(String name, byte[] message) {

  /** The field of {@code WriteRequest} that carries metadata. */
  static final int WRITE_REQUEST_FIELD = 3;

  /** The encoded descriptions of {@code families}, in order. */
  static List<FamilyMetadata> of(List<MetricFamily> families) {
    List<FamilyMetadata> encoded = new ArrayList<>(families.size());
    for (MetricFamily family : families) {
      encoded.add(of(family));
    }
    return encoded;
  }

  /** {@code family} encoded. */
  static FamilyMetadata of(MetricFamily family) {
    String name = SeriesLabels.metricName(family.name());
    int type = typeNumber(family.type());
    int size =
        (type == 0 ? 0 : CodedOutputStream.computeEnumSize(1, type))
            + CodedOutputStream.computeStringSize(2, name)
            + (family.help().isEmpty() ? 0 : CodedOutputStream.computeStringSize(4, family.help()))
            + (family.unit().isEmpty() ? 0 : CodedOutputStream.computeStringSize(5, family.unit()));
    byte[] message = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(message);
    try {
      if (type != 0) {
        out.writeEnum(1, type);
      }
      out.writeString(2, name);
      if (!family.help().isEmpty()) {
        out.writeString(4, family.help());
      }
      if (!family.unit().isEmpty()) {
        out.writeString(5, family.unit());
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("metadata size miscomputed", e);
    }
    return new FamilyMetadata(name, message);
  }

  /** The {@code MetricType} number of {@code type}. */
  static int typeNumber(MetricType type) {
    return switch (type) {
      case UNKNOWN -> 0;
      case COUNTER -> 1;
      case GAUGE -> 2;
      case HISTOGRAM -> 3;
      case GAUGE_HISTOGRAM -> 4;
      case SUMMARY -> 5;
      case INFO -> 6;
      case STATESET -> 7;
    };
  }

  /** The size of this description as a field of {@code WriteRequest}. */
  long fieldSize() {
    return RemoteWriteEncoder.lengthDelimited(message.length);
  }

  /** Writes this description as a field of {@code WriteRequest}. */
  void writeTo(CodedOutputStream out) throws IOException {
    out.writeByteArray(WRITE_REQUEST_FIELD, message);
  }
}
