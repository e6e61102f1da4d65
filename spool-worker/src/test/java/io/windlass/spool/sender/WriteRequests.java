package io.windlass.spool.sender;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Decodes remote write {@code WriteRequest}s strictly with {@link CodedInputStream}, for tests:
 * every field must be one of the schema's, with its wire type.
 */
final class WriteRequests {
  private WriteRequests() {}

  /** A decoded sample. */
  record Sample(double value, long timestamp) {}

  /** A decoded series: labels in the order sent, samples in the order sent. */
  record Series(List<String> labelNames, Map<String, String> labels, List<Sample> samples) {
    String name() {
      return labels.get("__name__");
    }
  }

  /** A decoded {@code MetricMetadata}: its type number, family name, help and unit. */
  record Metadata(int type, String name, String help, String unit) {}

  /** Decodes a snappy-compressed request body. */
  static List<Series> decodeCompressed(byte[] body) {
    try {
      return decode(Snappy.uncompress(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes an uncompressed {@code WriteRequest}. */
  static List<Series> decode(byte[] raw) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(raw);
      List<Series> series = new ArrayList<>();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 3) {
          expect(tag, 3, WireFormat.WIRETYPE_LENGTH_DELIMITED, "WriteRequest");
          in.skipField(tag);
          continue;
        }
        expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "WriteRequest");
        int limit = in.pushLimit(in.readRawVarint32());
        series.add(series(in));
        in.popLimit(limit);
      }
      return series;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code metadata} of an uncompressed {@code WriteRequest}, in the order sent. */
  static List<Metadata> decodeMetadata(byte[] raw) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(raw);
      List<Metadata> metadata = new ArrayList<>();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) != 3) {
          in.skipField(tag);
          continue;
        }
        expect(tag, 3, WireFormat.WIRETYPE_LENGTH_DELIMITED, "WriteRequest");
        int limit = in.pushLimit(in.readRawVarint32());
        int type = 0;
        String name = "";
        String help = "";
        String unit = "";
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> {
              expect(t, 1, WireFormat.WIRETYPE_VARINT, "MetricMetadata");
              type = in.readEnum();
            }
            case 2 -> {
              expect(t, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "MetricMetadata");
              name = in.readString();
            }
            case 4 -> {
              expect(t, 4, WireFormat.WIRETYPE_LENGTH_DELIMITED, "MetricMetadata");
              help = in.readString();
            }
            default -> {
              expect(t, 5, WireFormat.WIRETYPE_LENGTH_DELIMITED, "MetricMetadata");
              unit = in.readString();
            }
          }
        }
        in.popLimit(limit);
        metadata.add(new Metadata(type, name, help, unit));
      }
      return metadata;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Series series(CodedInputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int limit = in.pushLimit(in.readRawVarint32());
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries");
        String name = null;
        String value = null;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (WireFormat.getTagFieldNumber(t) == 1) {
            expect(t, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label");
            name = in.readString();
          } else {
            expect(t, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label");
            value = in.readString();
          }
        }
        names.add(name);
        labels.put(name, value);
      } else {
        expect(tag, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries");
        Double value = null;
        Long timestamp = null;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (WireFormat.getTagFieldNumber(t) == 1) {
            expect(t, 1, WireFormat.WIRETYPE_FIXED64, "Sample");
            value = in.readDouble();
          } else {
            expect(t, 2, WireFormat.WIRETYPE_VARINT, "Sample");
            timestamp = in.readInt64();
          }
        }
        samples.add(new Sample(value, timestamp));
      }
      in.popLimit(limit);
    }
    return new Series(names, labels, samples);
  }

  private static void expect(int tag, int field, int wireType, String message) {
    if (WireFormat.getTagFieldNumber(tag) != field || WireFormat.getTagWireType(tag) != wireType) {
      throw new AssertionError(
          message
              + ": unexpected field "
              + WireFormat.getTagFieldNumber(tag)
              + " wire type "
              + WireFormat.getTagWireType(tag));
    }
  }
}
