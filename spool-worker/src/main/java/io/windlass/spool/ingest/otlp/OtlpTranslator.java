package io.windlass.spool.ingest.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricType;
import io.windlass.spool.MetricValues;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.ingest.RecentInstants;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushSeries;
import io.windlass.spool.ingest.format.SampleSink;
import io.windlass.spool.ingest.otlp.OtlpNames.Shape;
import io.windlass.spool.internal.MetricRules;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes the data points of an OTLP {@code ExportMetricsServiceRequest} into a {@link SampleSink}
 * as Prometheus-compatible series, as OpenTelemetry's "Prometheus and OpenMetrics compatibility"
 * specification says:
 *
 * <ul>
 *   <li>a gauge is a gauge; a cumulative sum a counter ({@code _total}) if monotonic, else a gauge;
 *       a cumulative histogram {@code _bucket{le}} (cumulative counts, the last {@code le="+Inf"}),
 *       {@code _sum} (when it has one) and {@code _count}; a summary one series per quantile
 *       ({@code {quantile}}), {@code _sum} and {@code _count};
 *   <li>names and units as {@link OtlpNames} makes them; each metric described as a family ({@link
 *       SampleSink#describe}) with its description as help and its unit in words;
 *   <li>labels: the point's attributes (names sanitized; values of attributes whose names become
 *       the same joined with {@code ;} in the order of the original names), {@code
 *       otel_scope_name}, {@code otel_scope_version} and {@code otel_scope_<attribute>} of its
 *       scope, and {@code job} ({@code service.namespace/service.name}) and {@code instance}
 *       ({@code service.instance.id}) of its resource;
 *   <li>the resource's other attributes on one {@code target_info} sample (value 1, with {@code
 *       job} and {@code instance}) per resource, at the time of its latest point stored.
 * </ul>
 *
 * <p>Refused point by point, counted and said in the result: delta and unspecified temporality
 * (this agent keeps no running totals to make them cumulative), exponential histograms, points
 * without a value, non-finite values where the declared metrics do not allow them, histograms whose
 * buckets and bounds disagree, points out of the {@link SampleTimeBounds}, and points the spool
 * would refuse (a name too long, too many labels). A point marked "no recorded value" is left out
 * silently. Exemplars are ignored.
 *
 * <p>A point is all or nothing: all its samples are checked before the first is written. One per
 * request; not thread-safe.
 */
final class OtlpTranslator {

  /** The family of the resources' attributes. */
  static final String TARGET_INFO = "target_info";

  /** The most distinct reasons for refusals the error message names. */
  static final int MAX_REASONS = 5;

  private static final String SOURCE = "push:otlp";
  private static final int NO_RECORDED_VALUE = 1;
  private static final String SERVICE_NAME = "service.name";
  private static final String SERVICE_NAMESPACE = "service.namespace";
  private static final String SERVICE_INSTANCE_ID = "service.instance.id";

  /**
   * What became of a request's points.
   *
   * @param storedPoints points written
   * @param samples samples written, {@code target_info} among them
   * @param rejectedPoints points refused
   * @param errorMessage why, up to {@value #MAX_REASONS} reasons; empty if none was refused
   */
  record Result(long storedPoints, long samples, long rejectedPoints, String errorMessage) {}

  private final SampleSink sink;
  private final DeclaredMetrics declared;
  private final Instant now;
  private final SampleTimeBounds timeBounds;
  private final Set<String> reasons = new LinkedHashSet<>();
  private long moreReasons;
  private long storedPoints;
  private long samples;
  private long rejectedPoints;
  private @Nullable Instant latest; // the latest point stored of the current resource

  /** The most series of one scope kept for its later points; past it, the table starts over. */
  static final int MAX_SCOPE_SERIES = 4_096;

  private final Map<SeriesKey, KnownSeries> scopeSeries = new HashMap<>();
  private final RecentInstants instants = new RecentInstants(OtlpTranslator::instant);

  private OtlpTranslator(
      SampleSink sink, DeclaredMetrics declared, Instant now, SampleTimeBounds timeBounds) {
    this.sink = sink;
    this.declared = declared;
    this.now = now;
    this.timeBounds = timeBounds;
  }

  /**
   * Writes the points of {@code request} into {@code sink}.
   *
   * @param now the agent's clock: the time of points without one
   * @throws IOException the sink failed
   */
  static Result translate(
      ExportMetricsServiceRequest request,
      SampleSink sink,
      DeclaredMetrics declared,
      Instant now,
      SampleTimeBounds timeBounds)
      throws IOException {
    OtlpTranslator translator = new OtlpTranslator(sink, declared, now, timeBounds);
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      translator.resource(resource);
    }
    return translator.result();
  }

  /** The data points in {@code request}, of every type. */
  static long dataPoints(ExportMetricsServiceRequest request) {
    long points = 0;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          points += pointsOf(metric);
        }
      }
    }
    return points;
  }

  private static int pointsOf(Metric metric) {
    return switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsCount();
      case SUM -> metric.getSum().getDataPointsCount();
      case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> metric.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  private Result result() {
    String message = String.join("; ", reasons);
    if (moreReasons > 0) {
      message += "; and " + moreReasons + " more";
    }
    return new Result(storedPoints, samples, rejectedPoints, message);
  }

  private void resource(ResourceMetrics resource) throws IOException {
    Map<String, String> attributes = new TreeMap<>();
    for (KeyValue attribute : resource.getResource().getAttributesList()) {
      attributes.put(attribute.getKey(), text(attribute.getValue()));
    }
    Map<String, String> identity = new TreeMap<>();
    String service = attributes.remove(SERVICE_NAME);
    String namespace = attributes.remove(SERVICE_NAMESPACE);
    String instance = attributes.remove(SERVICE_INSTANCE_ID);
    if (service != null && !service.isEmpty()) {
      identity.put(
          "job", namespace == null || namespace.isEmpty() ? service : namespace + "/" + service);
    }
    if (instance != null && !instance.isEmpty()) {
      identity.put("instance", instance);
    }
    latest = null;
    for (ScopeMetrics scope : resource.getScopeMetricsList()) {
      Map<String, String> scopeLabels = scopeLabels(scope.getScope());
      scopeLabels.putAll(identity);
      scopeSeries.clear();
      for (Metric metric : scope.getMetricsList()) {
        metric(metric, scopeLabels);
      }
    }
    Instant at = latest;
    if (at != null && !attributes.isEmpty()) {
      targetInfo(attributes, identity, at);
    }
  }

  private static Map<String, String> scopeLabels(InstrumentationScope scope) {
    Map<String, String> labels = new TreeMap<>();
    addAttributes(scope.getAttributesList(), "otel_scope_", labels);
    if (!scope.getName().isEmpty()) {
      labels.put("otel_scope_name", scope.getName());
    }
    if (!scope.getVersion().isEmpty()) {
      labels.put("otel_scope_version", scope.getVersion());
    }
    return labels;
  }

  private void metric(Metric metric, Map<String, String> scopeLabels) throws IOException {
    switch (metric.getDataCase()) {
      case GAUGE ->
          numbers(
              metric,
              metric.getGauge().getDataPointsList(),
              Shape.GAUGE,
              isUnknown(metric) ? MetricType.UNKNOWN : MetricType.GAUGE,
              scopeLabels);
      case SUM -> sum(metric, scopeLabels);
      case HISTOGRAM -> histograms(metric, scopeLabels);
      case SUMMARY -> summaries(metric, scopeLabels);
      case EXPONENTIAL_HISTOGRAM ->
          reject(
              metric.getExponentialHistogram().getDataPointsCount(),
              "metric "
                  + quote(metric.getName())
                  + ": exponential histograms are not stored; export explicit-bucket histograms");
      case DATA_NOT_SET -> {}
    }
  }

  /** Whether the metric's metadata says it was a Prometheus untyped metric. */
  private static boolean isUnknown(Metric metric) {
    for (KeyValue entry : metric.getMetadataList()) {
      if (entry.getKey().equals("prometheus.type")
          && entry.getValue().getStringValue().equals("unknown")) {
        return true;
      }
    }
    return false;
  }

  private void sum(Metric metric, Map<String, String> scopeLabels) throws IOException {
    var sum = metric.getSum();
    if (sum.getAggregationTemporality()
        != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
      reject(
          sum.getDataPointsCount(), notCumulative(metric, "sums", sum.getAggregationTemporality()));
      return;
    }
    boolean counter = sum.getIsMonotonic();
    numbers(
        metric,
        sum.getDataPointsList(),
        counter ? Shape.COUNTER : Shape.GAUGE,
        counter ? MetricType.COUNTER : MetricType.GAUGE,
        scopeLabels);
  }

  private static String notCumulative(
      Metric metric, String kind, AggregationTemporality temporality) {
    String which =
        temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
            ? "delta"
            : "unspecified";
    return "metric "
        + quote(metric.getName())
        + ": "
        + which
        + " temporality "
        + kind
        + " are not stored (the agent keeps no running totals); export cumulative temporality";
  }

  private void numbers(
      Metric metric,
      List<NumberDataPoint> points,
      Shape shape,
      MetricType type,
      Map<String, String> scopeLabels)
      throws IOException {
    String name = name(metric, shape, points.size());
    if (name == null) {
      return;
    }
    describe(shape == Shape.COUNTER ? OtlpNames.counterFamily(name) : name, type, metric, shape);
    for (NumberDataPoint point : points) {
      if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
        continue;
      }
      if (point.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
        reject(1, "metric " + quote(metric.getName()) + ": a point has no value");
        continue;
      }
      Instant time = pointTime(metric, point.getTimeUnixNano());
      if (time == null) {
        continue;
      }
      KnownSeries known = series(name, point.getAttributesList(), scopeLabels, time);
      if (known.problem() != null) {
        reject(1, known.problem());
        continue;
      }
      try {
        if (point.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
          double value = point.getAsDouble();
          // A finite value of an allowed sign is always a valid sample; others are checked.
          if (!Double.isFinite(value) || (value < 0 && !known.kind().allowsNegative())) {
            MetricRules.checkSample(
                name, known.kind(), declared.allowsNonFinite(), MetricValues.text(value), time);
          }
          sink.add(known.series(), value, time);
        } else {
          String value = Long.toString(point.getAsInt());
          MetricRules.checkSample(name, known.kind(), declared.allowsNonFinite(), value, time);
          sink.add(known.series(), value, time);
        }
      } catch (MetricsDataException e) {
        reject(1, e.getMessage());
        continue;
      }
      stored(time, 1);
    }
  }

  /**
   * The series of {@code name} with {@code attributes} in the current scope: made (its labels
   * sanitized and joined with the scope's) and checked at its first point, found again at the
   * others.
   */
  private KnownSeries series(
      String name, List<KeyValue> attributes, Map<String, String> scope, Instant time) {
    SeriesKey key = new SeriesKey(name, attributes);
    KnownSeries known = scopeSeries.get(key);
    if (known == null) {
      Map<String, String> labels = labels(attributes, scope);
      PushSeries series = new PushSeries(name, LabelSet.of(labels));
      try {
        // The key and labels; "0" at now is a valid sample of every kind (each point's own time
        // is checked with the point).
        known =
            new KnownSeries(
                series, MetricRules.check(declared, SOURCE, name, "0", now, labels), null);
      } catch (MetricsDataException e) {
        known = new KnownSeries(series, MetricKind.GAUGE, e.getMessage());
      }
      if (scopeSeries.size() >= MAX_SCOPE_SERIES) {
        scopeSeries.clear();
      }
      scopeSeries.put(key, known);
    }
    return known;
  }

  /** A series of a scope: a metric's name and a point's attributes, compared by value. */
  private record SeriesKey(String name, List<KeyValue> attributes) {}

  /**
   * A series seen in the scope: its kind as declared, or why its points are refused (then its kind
   * is of no use).
   */
  private record KnownSeries(PushSeries series, MetricKind kind, @Nullable String problem) {}

  /**
   * The time of a point ({@code now} if it has none), or null (the point refused) if it is out of
   * the time bounds.
   */
  private @Nullable Instant pointTime(Metric metric, long timeUnixNano) {
    Instant time = timeUnixNano == 0 ? now : instants.of(timeUnixNano);
    String timeProblem = timeBounds.problem(time, now);
    if (timeProblem != null) {
      reject(1, "metric " + quote(metric.getName()) + ": " + timeProblem);
      return null;
    }
    return time;
  }

  /** Counts a point of {@code samples} samples written at {@code time}. */
  private void stored(Instant time, int written) {
    storedPoints++;
    samples += written;
    Instant before = latest;
    if (before == null || time.isAfter(before)) {
      latest = time;
    }
  }

  private void histograms(Metric metric, Map<String, String> scopeLabels) throws IOException {
    var histogram = metric.getHistogram();
    if (histogram.getAggregationTemporality()
        != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
      reject(
          histogram.getDataPointsCount(),
          notCumulative(metric, "histograms", histogram.getAggregationTemporality()));
      return;
    }
    String name = name(metric, Shape.DISTRIBUTION, histogram.getDataPointsCount());
    if (name == null) {
      return;
    }
    describe(name, MetricType.HISTOGRAM, metric, Shape.DISTRIBUTION);
    for (HistogramDataPoint point : histogram.getDataPointsList()) {
      if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
        continue;
      }
      String problem = histogramProblem(point);
      if (problem != null) {
        reject(1, "metric " + quote(metric.getName()) + ": " + problem);
        continue;
      }
      Map<String, String> labels = labels(point.getAttributesList(), scopeLabels);
      List<PendingSample> pending = new ArrayList<>(point.getExplicitBoundsCount() + 3);
      long cumulative = 0;
      for (int i = 0; i < point.getExplicitBoundsCount(); i++) {
        cumulative += point.getBucketCountsCount() == 0 ? 0 : point.getBucketCounts(i);
        pending.add(
            new PendingSample(
                name + "_bucket",
                Long.toUnsignedString(cumulative),
                with(labels, "le", MetricValues.format(point.getExplicitBounds(i)))));
      }
      String count = Long.toUnsignedString(point.getCount());
      pending.add(new PendingSample(name + "_bucket", count, with(labels, "le", "+Inf")));
      if (point.hasSum()) {
        pending.add(new PendingSample(name + "_sum", MetricValues.text(point.getSum()), labels));
      }
      pending.add(new PendingSample(name + "_count", count, labels));
      store(metric, point.getTimeUnixNano(), pending);
    }
  }

  private static @Nullable String histogramProblem(HistogramDataPoint point) {
    int buckets = point.getBucketCountsCount();
    int bounds = point.getExplicitBoundsCount();
    if (buckets != 0 && buckets != bounds + 1) {
      return "a histogram point has " + buckets + " bucket counts for " + bounds + " bounds";
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < bounds; i++) {
      double bound = point.getExplicitBounds(i);
      if (!Double.isFinite(bound) || bound <= previous) {
        return "a histogram point's bounds are not finite and increasing";
      }
      previous = bound;
    }
    return null;
  }

  private void summaries(Metric metric, Map<String, String> scopeLabels) throws IOException {
    var summary = metric.getSummary();
    String name = name(metric, Shape.DISTRIBUTION, summary.getDataPointsCount());
    if (name == null) {
      return;
    }
    describe(name, MetricType.SUMMARY, metric, Shape.DISTRIBUTION);
    for (SummaryDataPoint point : summary.getDataPointsList()) {
      if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
        continue;
      }
      Map<String, String> labels = labels(point.getAttributesList(), scopeLabels);
      List<PendingSample> pending = new ArrayList<>(point.getQuantileValuesCount() + 2);
      boolean quantilesFinite = true;
      for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
        String q = MetricValues.format(quantile.getQuantile());
        quantilesFinite &= q != null;
        pending.add(
            new PendingSample(
                name, MetricValues.text(quantile.getValue()), with(labels, "quantile", q)));
      }
      if (!quantilesFinite) {
        reject(1, "metric " + quote(metric.getName()) + ": a summary's quantiles are not finite");
        continue;
      }
      pending.add(new PendingSample(name + "_sum", MetricValues.text(point.getSum()), labels));
      pending.add(
          new PendingSample(name + "_count", Long.toUnsignedString(point.getCount()), labels));
      store(metric, point.getTimeUnixNano(), pending);
    }
  }

  /** The metric's Prometheus name, or null (its {@code points} refused) if it has none. */
  private @Nullable String name(Metric metric, Shape shape, int points) {
    String name = OtlpNames.metricName(metric.getName(), metric.getUnit(), shape);
    if (name.isEmpty()) {
      reject(points, "metric " + quote(metric.getName()) + ": the name has no letter or digit");
      return null;
    }
    return name;
  }

  private void describe(String family, MetricType type, Metric metric, Shape shape) {
    if (MetricFamily.isValidName(family)) {
      sink.describe(
          MetricFamily.clipped(
              family, type, metric.getDescription(), OtlpNames.unit(metric.getUnit(), shape)));
    }
  }

  /** A sample of a point, checked before any of the point's samples is written. */
  private record PendingSample(String key, String value, Map<String, String> labels) {}

  /** Writes the samples of one point, unless one of them or its time is refused. */
  private void store(Metric metric, long timeUnixNano, List<PendingSample> pending)
      throws IOException {
    Instant time = pointTime(metric, timeUnixNano);
    if (time == null) {
      return;
    }
    try {
      for (PendingSample sample : pending) {
        MetricRules.check(declared, SOURCE, sample.key(), sample.value(), time, sample.labels());
      }
    } catch (MetricsDataException e) {
      reject(1, e.getMessage());
      return;
    }
    for (PendingSample sample : pending) {
      sink.add(sample.key(), sample.value(), time, sample.labels());
    }
    stored(time, pending.size());
  }

  private void targetInfo(Map<String, String> attributes, Map<String, String> identity, Instant at)
      throws IOException {
    Map<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String name = OtlpNames.labelName(attribute.getKey());
      String value = attribute.getValue();
      if (name.isEmpty()
          || value.isEmpty()
          || value.length() > MetricRules.MAX_LABEL_VALUE_LENGTH
          || identity.containsKey(name)) {
        continue;
      }
      labels.merge(name, value, (earlier, later) -> earlier + ";" + later);
    }
    // The identity first; of the rest, the first names, up to the spool's limit of labels.
    Map<String, String> kept = new TreeMap<>(identity);
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (kept.size() >= MetricRules.MAX_LABELS) {
        break;
      }
      kept.put(label.getKey(), label.getValue());
    }
    try {
      MetricRules.check(declared, SOURCE, TARGET_INFO, "1", at, kept);
    } catch (MetricsDataException e) {
      note(TARGET_INFO + " not stored: " + e.getMessage());
      return;
    }
    sink.describe(new MetricFamily(TARGET_INFO, MetricType.GAUGE, "Target metadata", ""));
    sink.add(TARGET_INFO, "1", at, kept);
    samples++;
  }

  /** The labels of a point: its attributes, then the scope's and resource's labels over them. */
  private static Map<String, String> labels(
      List<KeyValue> attributes, Map<String, String> scopeLabels) {
    Map<String, String> labels = new TreeMap<>();
    addAttributes(attributes, "", labels);
    labels.putAll(scopeLabels);
    return labels;
  }

  /**
   * Adds {@code attributes} to {@code labels} by sanitized name (after {@code prefix}); values of
   * names that become the same are joined with {@code ;} in the order of the original names.
   */
  private static void addAttributes(
      List<KeyValue> attributes, String prefix, Map<String, String> labels) {
    if (attributes.isEmpty()) {
      return;
    }
    Map<String, String> byKey = new TreeMap<>();
    for (KeyValue attribute : attributes) {
      byKey.put(attribute.getKey(), text(attribute.getValue()));
    }
    for (Map.Entry<String, String> attribute : byKey.entrySet()) {
      String name = OtlpNames.labelName(attribute.getKey());
      if (name.isEmpty() || attribute.getValue().isEmpty()) {
        continue;
      }
      labels.merge(prefix + name, attribute.getValue(), (earlier, later) -> earlier + ";" + later);
    }
  }

  private static Map<String, String> with(
      Map<String, String> labels, String name, @Nullable String value) {
    Map<String, String> copy = new TreeMap<>(labels);
    copy.put(name, value == null ? "NaN" : value);
    return copy;
  }

  /**
   * An attribute value as a label value, as OpenTelemetry's attribute specification writes
   * non-string values: booleans and numbers as such, bytes in base64, arrays and maps as JSON.
   */
  static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> number(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(value);
      // An index into a dictionary that only profiles carry: no text in metrics.
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
    };
  }

  private static String number(double value) {
    String text = MetricValues.format(value);
    if (text != null) {
      return text;
    }
    return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }

  private static String json(AnyValue value) {
    StringBuilder out = new StringBuilder();
    appendJson(value, out);
    return out.toString();
  }

  private static void appendJson(AnyValue value, StringBuilder out) {
    switch (value.getValueCase()) {
      case ARRAY_VALUE -> {
        out.append('[');
        List<AnyValue> values = value.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendJson(values.get(i), out);
        }
        out.append(']');
      }
      case KVLIST_VALUE -> {
        out.append('{');
        List<KeyValue> values = value.getKvlistValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendJsonString(values.get(i).getKey(), out);
          out.append(':');
          appendJson(values.get(i).getValue(), out);
        }
        out.append('}');
      }
      case STRING_VALUE, BYTES_VALUE -> appendJsonString(text(value), out);
      case BOOL_VALUE, INT_VALUE -> out.append(text(value));
      case DOUBLE_VALUE -> {
        double d = value.getDoubleValue();
        if (Double.isFinite(d)) {
          out.append(text(value));
        } else {
          appendJsonString(text(value), out);
        }
      }
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> out.append("null");
    }
  }

  private static void appendJsonString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static Instant instant(long unixNanos) {
    return Instant.ofEpochSecond(
        Long.divideUnsigned(unixNanos, 1_000_000_000L),
        Long.remainderUnsigned(unixNanos, 1_000_000_000L));
  }

  private void reject(long points, String reason) {
    if (points <= 0) {
      return;
    }
    rejectedPoints += points;
    note(reason);
  }

  private void note(String reason) {
    if (reasons.contains(reason)) {
      return;
    }
    if (reasons.size() < MAX_REASONS) {
      reasons.add(reason);
    } else {
      moreReasons++;
    }
  }

  private static String quote(String name) {
    return "\"" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "\"";
  }
}
