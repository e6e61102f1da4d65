package io.windlass.collector.inputs.dialcheck;

import static io.windlass.collector.BoolToDouble.boolToDouble;

import io.windlass.collector.Metric;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One dial: connect to {@code host:port} within the timeout, then close.
 *
 * <p>Metrics, tagged {@code host} and {@code port}: {@code up} (1 when the connect succeeded, else
 * 0) and, when up, {@code latency_ms} (the connect time in milliseconds). An unresolvable host is
 * down.
 */
public final class Dialcheck {
  /** The up/down metric's name. */
  public static final String UP = "up";

  /** The connect latency metric's name. */
  public static final String LATENCY_MS = "latency_ms";

  private Dialcheck() {}

  /** Dials once, in the calling thread's network namespace. */
  public static List<Metric> check(DialcheckConfig config) {
    Map<String, String> tags = tags(config);
    long start = System.nanoTime();
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(config.host(), config.port()),
          (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
      up = true;
    } catch (IOException | IllegalArgumentException e) {
      up = false;
    }
    double latencyMs = (System.nanoTime() - start) / 1e6;
    List<Metric> metrics = new ArrayList<>(2);
    metrics.add(Metric.of(UP, tags, boolToDouble(up)));
    if (up) {
      metrics.add(Metric.of(LATENCY_MS, tags, latencyMs));
    }
    return metrics;
  }

  /** The tags every metric for {@code config} carries. */
  public static Map<String, String> tags(DialcheckConfig config) {
    return Map.of("host", config.host(), "port", Integer.toString(config.port()));
  }
}
