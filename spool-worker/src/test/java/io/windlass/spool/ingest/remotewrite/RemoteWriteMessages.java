package io.windlass.spool.ingest.remotewrite;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Remote write messages for tests, encoded by hand field by field (1.0's {@code
 * prometheus.WriteRequest} and 2.0's {@code io.prometheus.write.v2.Request}), so that tests can
 * also build what no sender would: fields out of order, truncated or odd messages.
 */
public final class RemoteWriteMessages {
  private RemoteWriteMessages() {}

  /** One field's bytes, written by {@code write}. */
  @FunctionalInterface
  public interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  /** The message the fields make. */
  public static byte[] message(Fields... fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (Fields field : fields) {
        field.write(out);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An embedded message (or any bytes) as field {@code number}. */
  public static Fields embedded(int number, byte[] message) {
    return out -> out.writeByteArray(number, message);
  }

  public static Fields string(int number, String value) {
    return out -> out.writeString(number, value);
  }

  public static Fields uint32(int number, int value) {
    return out -> out.writeUInt32(number, value);
  }

  /** Snappy's block format of {@code message}, as remote write sends it. */
  public static byte[] snappy(byte[] message) {
    try {
      return Snappy.compress(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- 1.0

  /** A 1.0 {@code Sample}. */
  public static byte[] sample(double value, long timestamp) {
    return message(out -> out.writeDouble(1, value), out -> out.writeInt64(2, timestamp));
  }

  /** A 1.0 {@code Label}. */
  public static byte[] label(String name, String value) {
    return message(string(1, name), string(2, value));
  }

  /** A 1.0 {@code TimeSeries} field of a {@code WriteRequest}, its labels in the order given. */
  public static Fields series(Map<String, String> labels, byte[]... samples) {
    List<Fields> fields = new ArrayList<>();
    labels.forEach((name, value) -> fields.add(embedded(1, label(name, value))));
    for (byte[] sample : samples) {
      fields.add(embedded(2, sample));
    }
    return embedded(1, message(fields.toArray(Fields[]::new)));
  }

  /** A 1.0 {@code TimeSeries} field made of {@code fields}. */
  public static Fields seriesOf(Fields... fields) {
    return embedded(1, message(fields));
  }

  /** A 1.0 {@code MetricMetadata} field of a {@code WriteRequest}. */
  public static Fields metadata(int type, String family, String help, String unit) {
    return embedded(
        3,
        message(
            out -> out.writeEnum(1, type), string(2, family), string(4, help), string(5, unit)));
  }

  /** Labels in the order given. */
  public static Map<String, String> labels(String... namesAndValues) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return labels;
  }

  // ---- 2.0

  /** A 2.0 {@code Request}: its symbols, then its series. */
  public static byte[] requestV2(List<String> symbols, Fields... series) {
    List<Fields> fields = new ArrayList<>();
    for (String symbol : symbols) {
      fields.add(string(4, symbol));
    }
    fields.addAll(List.of(series));
    return message(fields.toArray(Fields[]::new));
  }

  /** A 2.0 {@code TimeSeries} field made of {@code fields}. */
  public static Fields seriesV2(Fields... fields) {
    return embedded(5, message(fields));
  }

  /** 2.0 {@code labels_refs}, packed. */
  public static Fields labelRefs(int... refs) {
    return out -> {
      ByteArrayOutputStream packed = new ByteArrayOutputStream();
      CodedOutputStream inner = CodedOutputStream.newInstance(packed);
      for (int ref : refs) {
        inner.writeUInt32NoTag(ref);
      }
      inner.flush();
      out.writeByteArray(1, packed.toByteArray());
    };
  }

  /** A 2.0 {@code Sample} field of a series. */
  public static Fields sampleV2(double value, long timestamp) {
    return embedded(2, sample(value, timestamp));
  }

  /** A 2.0 {@code Metadata} field of a series. */
  public static Fields metadataV2(int type, int helpRef, int unitRef) {
    return embedded(
        5, message(out -> out.writeEnum(1, type), uint32(3, helpRef), uint32(4, unitRef)));
  }
}
