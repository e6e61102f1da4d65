package io.windlass.it.backend;

import java.util.List;
import java.util.Map;

/**
 * One series with its samples, in time order as the backend answered: an element of a range vector
 * ({@code query_range}, or an instant query of {@code metric[1h]}) or one line of VictoriaMetrics'
 * {@code /api/v1/export}.
 */
public record SeriesData(Map<String, String> labels, List<Point> points) {
  public SeriesData {
    labels = Map.copyOf(labels);
    points = List.copyOf(points);
  }

  /** The {@code __name__} label, or null. */
  public String metricName() {
    return labels.get("__name__");
  }

  /** The values, in order. */
  public List<Double> values() {
    return points.stream().map(Point::value).toList();
  }

  /** The timestamps in milliseconds, in order. */
  public List<Long> timestamps() {
    return points.stream().map(Point::timestampMillis).toList();
  }
}
