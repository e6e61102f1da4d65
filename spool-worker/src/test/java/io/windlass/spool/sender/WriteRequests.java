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
