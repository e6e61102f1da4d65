package io.windlass.spool.ingest.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.windlass.spool.ingest.format.PushSeries;
import io.windlass.spool.ingest.http.MalformedPushException;
import java.io.IOException;

/**
 * The few protobuf reads both decoders make, on a {@link CodedInputStream} over a byte array: a
 * field's number and wire type from its tag, and where an embedded message lies. A field of an
 * unexpected wire type is skipped, as protobuf's own parsers treat it: as an unknown field.
 */
final class ProtoFields {
  static final int VARINT = WireFormat.WIRETYPE_VARINT;
  static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;
  static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private ProtoFields() {}

  static int field(int tag) {
    return WireFormat.getTagFieldNumber(tag);
  }

  static int wireType(int tag) {
    return WireFormat.getTagWireType(tag);
  }

  /** A stream over the {@code length} bytes of {@code bytes} from {@code offset}: one message. */
  static CodedInputStream over(byte[] bytes, int offset, int length) {
    return CodedInputStream.newInstance(bytes, offset, length);
  }

  /**
   * Skips the length-delimited field whose tag {@code in} just read, and returns its extent in the
   * array {@code in} reads, which starts at {@code base} there.
   *
   * @throws IOException its length is negative or past the end of the message
   */
  static Extent skipDelimited(CodedInputStream in, int base) throws IOException {
    int length = in.readRawVarint32();
    int start = base + in.getTotalBytesRead();
    in.skipRawBytes(length);
    return new Extent(start, length);
  }

  /** Where an embedded message lies: {@code length} bytes from {@code start}. */
  record Extent(int start, int length) {}

  /**
   * Writes the samples of the time series at {@code extent} of {@code message}: its field 2, {@code
   * Sample {double value = 1; int64 timestamp = 2;}} in both versions of remote write.
   */
  static void samples(byte[] message, Extent extent, PushSeries series, SeriesWriter out)
      throws MalformedPushException, IOException {
    CodedInputStream in = over(message, extent.start(), extent.length());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 2) {
        int limit = in.pushLimit(in.readRawVarint32());
        double value = 0;
        long timestamp = 0;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (wireType(t) == FIXED64 && field(t) == 1) {
            value = in.readDouble();
          } else if (wireType(t) == VARINT && field(t) == 2) {
            timestamp = in.readInt64();
          } else {
            in.skipField(t);
          }
        }
        in.popLimit(limit);
        out.sample(series, value, timestamp);
      } else {
        in.skipField(tag);
      }
    }
  }
}
