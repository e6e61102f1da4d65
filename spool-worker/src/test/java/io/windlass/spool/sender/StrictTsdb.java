package io.windlass.spool.sender;

import io.windlass.spool.sender.FakeBackend.Received;
import io.windlass.spool.sender.FakeBackend.Reply;
import io.windlass.spool.sender.WriteRequests.Series;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The head of a Prometheus without an out-of-order window, as a fake backend's responder: a request
 * is stored whole or not at all; a sample older than its series' newest is refused with 400 {@code
 * out of order sample}, one at the newest time with another value with {@code duplicate sample for
 * timestamp}, the same sample again is a no-op. Requests carrying {@code zone=poison} are refused
 * with 400 as invalid, and each distinct request body chosen by {@code failOnce} fails with 503 the
 * first time it comes.
 */
final class StrictTsdb implements FakeBackend.Responder {
  private final Map<Map<String, String>, TreeMap<Long, Double>> stored = new HashMap<>();
  private final Set<ByteBuffer> seen = new HashSet<>();
  private final Predicate<byte[]> failOnce;

  StrictTsdb(Predicate<byte[]> failOnce) {
    this.failOnce = failOnce;
  }

  @Override
  public synchronized Reply reply(Received request) {
    if (seen.add(ByteBuffer.wrap(request.body())) && failOnce.test(request.body())) {
      return Reply.of(503, "not now");
    }
    List<Series> series = request.series();
    for (Series one : series) {
      if ("poison".equals(one.labels().get("zone"))) {
        return Reply.of(400, "invalid sample");
      }
      TreeMap<Long, Double> samples = stored.get(one.labels());
      for (WriteRequests.Sample sample : one.samples()) {
        if (samples != null && !samples.isEmpty()) {
          long newest = samples.lastKey();
          if (sample.timestamp() < newest) {
            return Reply.of(400, "out of order sample");
          }
          if (sample.timestamp() == newest && samples.get(newest) != sample.value()) {
            return Reply.of(400, "duplicate sample for timestamp");
          }
        }
      }
    }
    for (Series one : series) {
      TreeMap<Long, Double> samples =
          stored.computeIfAbsent(one.labels(), labels -> new TreeMap<>());
      one.samples().forEach(sample -> samples.put(sample.timestamp(), sample.value()));
    }
    return Reply.status(204);
  }

  /** Every sample stored, as "zone@millis=value". */
  synchronized Set<String> samples() {
    Set<String> all = new TreeSet<>();
    stored.forEach(
        (labels, samples) ->
            samples.forEach((ms, value) -> all.add(labels.get("zone") + "@" + ms + "=" + value)));
    return all;
  }
}
