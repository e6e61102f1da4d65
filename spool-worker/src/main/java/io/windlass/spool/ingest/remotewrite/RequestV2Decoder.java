package io.windlass.spool.ingest.remotewrite;

import static io.windlass.spool.ingest.remotewrite.ProtoFields.LENGTH_DELIMITED;
import static io.windlass.spool.ingest.remotewrite.ProtoFields.VARINT;
import static io.windlass.spool.ingest.remotewrite.ProtoFields.field;
import static io.windlass.spool.ingest.remotewrite.ProtoFields.wireType;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.windlass.spool.ingest.format.PushSeries;
import io.windlass.spool.ingest.http.MalformedPushException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a remote write 2.0 {@code io.prometheus.write.v2.Request} ({@code
 * io/prometheus/write/v2/types.proto}), only the fields it keeps, everything else skipped:
 *
 * <pre>
 * Request    { repeated string symbols = 4; repeated TimeSeries timeseries = 5; }
 * TimeSeries { repeated uint32 labels_refs = 1; repeated Sample samples = 2;
 *              repeated Histogram histograms = 3; repeated Exemplar exemplars = 4;
 *              Metadata metadata = 5; }
 * Sample     { double value = 1; int64 timestamp = 2; }
 * Metadata   { MetricType type = 1; uint32 help_ref = 3; uint32 unit_ref = 4; }
 * </pre>
 *
 * A reference is an index into {@code symbols}; one past its end, or an odd number of label
 * references, refuses the request. The symbols are read first (wherever they are in the message),
 * then each series twice, as {@link WriteRequestDecoder} does. A series' metadata describes the
 * family of its {@code __name__}.
 */
final class RequestV2Decoder {
  private RequestV2Decoder() {}

  /** Reads {@code [0, length)} of {@code message} into {@code out}. */
  static void decode(byte[] message, int length, SeriesWriter out)
      throws MalformedPushException, IOException {
    try {
      List<String> symbols = new ArrayList<>();
      CodedInputStream in = ProtoFields.over(message, 0, length);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 4) {
          symbols.add(in.readStringRequireUtf8());
        } else {
          in.skipField(tag);
        }
      }
      in = ProtoFields.over(message, 0, length);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 5) {
          series(message, ProtoFields.skipDelimited(in, 0), symbols, out);
        } else {
          in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedPushException(
          "the request body is not a valid io.prometheus.write.v2.Request: " + e.getMessage(), e);
    }
  }

  private static void series(
      byte[] message, ProtoFields.Extent extent, List<String> symbols, SeriesWriter out)
      throws MalformedPushException, IOException {
    List<Integer> refs = new ArrayList<>();
    long histograms = 0;
    long exemplars = 0;
    int type = 0;
    int helpRef = 0;
    int unitRef = 0;
    boolean metadata = false;
    CodedInputStream in = ProtoFields.over(message, extent.start(), extent.length());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = field(tag);
      if (field == 1 && wireType(tag) == LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (!in.isAtEnd()) {
          refs.add(in.readUInt32());
        }
        in.popLimit(limit);
      } else if (field == 1 && wireType(tag) == VARINT) {
        refs.add(in.readUInt32());
      } else if (field == 3 && wireType(tag) == LENGTH_DELIMITED) {
        histograms++;
        in.skipField(tag);
      } else if (field == 4 && wireType(tag) == LENGTH_DELIMITED) {
        exemplars++;
        in.skipField(tag);
      } else if (field == 5 && wireType(tag) == LENGTH_DELIMITED) {
        metadata = true;
        int limit = in.pushLimit(in.readRawVarint32());
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (wireType(t) == VARINT && field(t) == 1) {
            type = in.readEnum();
          } else if (wireType(t) == VARINT && field(t) == 3) {
            helpRef = in.readUInt32();
          } else if (wireType(t) == VARINT && field(t) == 4) {
            unitRef = in.readUInt32();
          } else {
            in.skipField(t);
          }
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    if (refs.size() % 2 != 0) {
      throw new MalformedPushException(
          "a series has an odd number of label references (" + refs.size() + ")");
    }
    List<String> names = new ArrayList<>(refs.size() / 2);
    List<String> values = new ArrayList<>(refs.size() / 2);
    for (int i = 0; i < refs.size(); i += 2) {
      names.add(symbol(symbols, refs.get(i)));
      values.add(symbol(symbols, refs.get(i + 1)));
    }
    PushSeries series = out.series(names, values);
    if (histograms > 0) {
      throw WriteRequestDecoder.nativeHistograms(series, histograms);
    }
    out.droppedExemplars(exemplars);
    if (metadata) {
      out.describe(series.name(), type, symbol(symbols, helpRef), symbol(symbols, unitRef));
    }
    ProtoFields.samples(message, extent, series, out);
  }

  /** The symbol {@code ref} refers to (a uint32, so read unsigned). */
  private static String symbol(List<String> symbols, int ref) throws MalformedPushException {
    long index = Integer.toUnsignedLong(ref);
    if (index >= symbols.size()) {
      throw new MalformedPushException(
          "a reference to symbol "
              + index
              + " is past the end of the request's "
              + symbols.size()
              + " symbols");
    }
    return symbols.get((int) index);
  }
}
