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
 * Reads a remote write 1.0 {@code prometheus.WriteRequest} ({@code prompb/remote.proto}, {@code
 * types.proto}), only the fields it keeps, everything else skipped:
 *
 * <pre>
 * WriteRequest   { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries     { repeated Label labels = 1; repeated Sample samples = 2;
 *                  repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
 * Label          { string name = 1; string value = 2; }
 * Sample         { double value = 1; int64 timestamp = 2; }
 * MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4;
 *                  string unit = 5; }
 * </pre>
 *
 * Each series is read twice, its labels first and its samples then, so that fields in any order
 * work; a series with native histograms refuses the request before any of its samples is added. A
 * series whose labels come first (as senders write them) is found again by their bytes ({@link
 * SeriesByLabelBytes}), so a sender's series are read and checked once, not in every request.
 */
final class WriteRequestDecoder {
  /** The series of all requests, by their label bytes. */
  private static final SeriesByLabelBytes SERIES = new SeriesByLabelBytes();

  private WriteRequestDecoder() {}

  /** Reads {@code [0, length)} of {@code message} into {@code out}. */
  static void decode(byte[] message, int length, SeriesWriter out)
      throws MalformedPushException, IOException {
    try {
      CodedInputStream in = ProtoFields.over(message, 0, length);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 1) {
          ProtoFields.Extent series = ProtoFields.skipDelimited(in, 0);
          series(message, series, out);
        } else if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 3) {
          int limit = in.pushLimit(in.readRawVarint32());
          metadata(in, out);
          in.popLimit(limit);
        } else {
          in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedPushException(
          "the request body is not a valid prometheus.WriteRequest: " + e.getMessage(), e);
    }
  }

  private static void series(byte[] message, ProtoFields.Extent extent, SeriesWriter out)
      throws MalformedPushException, IOException {
    List<ProtoFields.Extent> labels = new ArrayList<>();
    // Labels written before any other field (as senders write them) are the cache's key.
    int labelsEnd = extent.start();
    boolean labelsFirst = true;
    boolean otherFields = false;
    long histograms = 0;
    long exemplars = 0;
    CodedInputStream in = ProtoFields.over(message, extent.start(), extent.length());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = field(tag);
      if (wireType(tag) == LENGTH_DELIMITED && field == 1) {
        ProtoFields.Extent label = ProtoFields.skipDelimited(in, extent.start());
        labels.add(label);
        if (otherFields) {
          labelsFirst = false;
        } else {
          labelsEnd = label.start() + label.length();
        }
        continue;
      }
      otherFields = true;
      if (wireType(tag) == LENGTH_DELIMITED && field == 3) {
        exemplars++;
      } else if (wireType(tag) == LENGTH_DELIMITED && field == 4) {
        histograms++;
      }
      in.skipField(tag);
    }
    PushSeries series = named(message, extent.start(), labelsFirst ? labelsEnd : -1, labels, out);
    if (histograms > 0) {
      throw nativeHistograms(series, histograms);
    }
    out.droppedExemplars(exemplars);
    ProtoFields.samples(message, extent, series, out);
  }

  /**
   * The series of the labels at {@code labels}: found by the label bytes {@code [start, labelsEnd)}
   * when they are all there ({@code labelsEnd} is -1 when they are not), else read and checked.
   */
  private static PushSeries named(
      byte[] message, int start, int labelsEnd, List<ProtoFields.Extent> labels, SeriesWriter out)
      throws MalformedPushException, IOException {
    if (labelsEnd > start) {
      SeriesByLabelBytes.Named known = SERIES.get(message, start, labelsEnd);
      if (known != null) {
        return new PushSeries(known.name(), known.labels());
      }
    }
    List<String> names = new ArrayList<>(labels.size());
    List<String> values = new ArrayList<>(labels.size());
    for (ProtoFields.Extent label : labels) {
      label(ProtoFields.over(message, label.start(), label.length()), names, values);
    }
    PushSeries series = out.series(names, values);
    if (labelsEnd > start) {
      SERIES.put(
          message, start, labelsEnd, new SeriesByLabelBytes.Named(series.name(), series.labels()));
    }
    return series;
  }

  static MalformedPushException nativeHistograms(PushSeries series, long histograms) {
    return new MalformedPushException(
        "series "
            + SeriesWriter.quoted(series)
            + " has "
            + histograms
            + " native histogram sample(s): only float samples are taken, so nothing of the"
            + " request was stored; send native histograms elsewhere, or as classic histograms");
  }

  private static void label(CodedInputStream in, List<String> names, List<String> values)
      throws IOException {
    String name = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 1) {
        name = in.readStringRequireUtf8();
      } else if (wireType(tag) == LENGTH_DELIMITED && field(tag) == 2) {
        value = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    names.add(name);
    values.add(value);
  }

  private static void metadata(CodedInputStream in, SeriesWriter out) throws IOException {
    int type = 0;
    String name = "";
    String help = "";
    String unit = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = field(tag);
      if (wireType(tag) == VARINT && field == 1) {
        type = in.readEnum();
      } else if (wireType(tag) == LENGTH_DELIMITED && field == 2) {
        name = in.readStringRequireUtf8();
      } else if (wireType(tag) == LENGTH_DELIMITED && field == 4) {
        help = in.readStringRequireUtf8();
      } else if (wireType(tag) == LENGTH_DELIMITED && field == 5) {
        unit = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    out.describe(name, type, help, unit);
  }
}
