package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.spool.ApiMetricBatch;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MutableClock;
import io.windlass.spool.internal.SpoolJson;
import io.windlass.spool.sender.FakeBackend.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonBatchSinkTest {
  private static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

  private final MutableClock clock = new MutableClock(T);
  private FakeBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static MetricBatch batch(String uuid, int metrics) {
    List<Metric> list = new ArrayList<>();
    for (int i = 0; i < metrics; i++) {
      list.add(new Metric("pings", Integer.toString(i), T.plusSeconds(i), Map.of("zone", "a")));
    }
    return new MetricBatch("local:app", uuid, T, list, "agent-1");
  }

  /** A sink of one shard. */
  private JsonBatchSink sink(URI url, int maxMetrics, long maxBytes) {
    return sink(url, maxMetrics, maxBytes, 1);
  }

  private JsonBatchSink sink(URI url, int maxMetrics, long maxBytes, int concurrency) {
    return new JsonBatchSink(
        SenderSettings.builder(url)
            .maxRequestMetrics(maxMetrics)
            .maxRequestBytes(maxBytes)
            .concurrency(concurrency)
            .timeout(Duration.ofSeconds(5))
            .build(),
        clock);
  }

  private SinkResponse exchange(Reply reply) throws Exception {
    backend = new FakeBackend(request -> reply);
    JsonBatchSink sink = sink(backend.url(), 100, 1 << 20);
    SinkEncoding encoding = sink.encode(List.of(batch("a1", 1), batch("a2", 1), batch("a3", 1)));
    return sink.send(encoding.requests().get(0));
  }

  @Test
  void bodyIsAJsonListOfBatchesAsAJujuControllerReceivesThem() throws Exception {
    backend = FakeBackend.accepting();
    JsonBatchSink sink = sink(backend.url(), 100, 1 << 20);
    List<MetricBatch> batches = List.of(batch("a1", 2), batch("a2", 1));

    SinkResponse response = sink.send(sink.encode(batches).requests().get(0));

    FakeBackend.Received request = backend.received().get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = SpoolJson.MAPPER.readTree(request.body());
    assertThat(body.isArray()).isTrue();
    assertThat(body.get(0))
        .isEqualTo(SpoolJson.MAPPER.valueToTree(ApiMetricBatch.from(batches.get(0))));
    assertThat(body.get(1).at("/batch/uuid").asText()).isEqualTo("a2");
    assertThat(body.get(1).at("/tag").asText()).isEqualTo("agent-1");
    assertThat(body.get(1).at("/batch/charm-url").asText()).isEqualTo("local:app");
    assertThat(response.outcomes())
        .containsExactly(
            Map.entry("a1", SendOutcome.ACCEPTED), Map.entry("a2", SendOutcome.ACCEPTED));
  }

  @Test
  void dealsWholeBatchesOverTheShardsInTurnKeepingEachShardsInSpoolOrder() {
    JsonBatchSink sink = sink(URI.create("http://127.0.0.1:1/"), 3, 1 << 20, 2);

    SinkEncoding encoding =
        sink.encode(
            List.of(
                batch("a1", 1), batch("a2", 1), batch("a3", 1), batch("a4", 1), batch("a5", 2)));

    assertThat(encoding.requests())
        .filteredOn(r -> r.shard() == 0)
        .extracting(SinkRequest::batches)
        .containsExactly(List.of("a1", "a3"), List.of("a5"));
    assertThat(encoding.requests())
        .filteredOn(r -> r.shard() == 1)
        .extracting(SinkRequest::batches)
        .containsExactly(List.of("a2", "a4"));
    assertThat(
            sink(URI.create("http://127.0.0.1:1/"), 3, 1 << 20, 8)
                .encode(List.of(batch("a1", 1)))
                .requests())
        .singleElement()
        .satisfies(r -> assertThat(r.shard()).isZero());
  }

  @Test
  void chunksByWholeBatchesAndABatchOverTheLimitsGoesAlone() {
    JsonBatchSink sink = sink(URI.create("http://127.0.0.1:1/"), 5, 1 << 20);

    SinkEncoding encoding =
        sink.encode(List.of(batch("a1", 2), batch("a2", 3), batch("a3", 9), batch("a4", 1)));

    assertThat(encoding.requests())
        .extracting(SinkRequest::batches)
        .containsExactly(List.of("a1", "a2"), List.of("a3"), List.of("a4"));
    assertThat(encoding.requests()).allSatisfy(r -> assertThat(r.shard()).isZero());

    long twoBatches =
        sink.encode(List.of(batch("a1", 1), batch("a2", 1))).requests().get(0).body().length;
    SinkEncoding byBytes =
        sink(URI.create("http://127.0.0.1:1/"), 100, twoBatches - 1)
            .encode(List.of(batch("a1", 1), batch("a2", 1)));
    assertThat(byBytes.requests()).hasSize(2);
  }

  @Test
  void readsPerBatchResults() throws Exception {
    SinkResponse response =
        exchange(
            Reply.of(
                200,
                "[{\"uuid\":\"a1\"},"
                    + "{\"uuid\":\"a2\",\"error\":{\"message\":\"metrics batch a2 already exists\","
                    + "\"code\":\"already exists\"}},"
                    + "{\"uuid\":\"a3\",\"error\":{\"message\":\"unknown source\",\"code\":\"not valid\"}}]"));

    assertThat(response.wholeRequest()).isFalse();
    assertThat(response.failure()).isEmpty();
    assertThat(response.outcomes())
        .containsExactly(
            Map.entry("a1", SendOutcome.ACCEPTED),
            Map.entry(
                "a2", new SendOutcome.AlreadyPresent("batch a2: metrics batch a2 already exists")),
            Map.entry("a3", new SendOutcome.Rejected("batch a3: unknown source")));
  }

  @Test
  void readsJujuStylePositionalResultsAndPlainStringErrorsAndTryAgain() throws Exception {
    SinkResponse response =
        exchange(
            Reply.of(
                200,
                "{\"results\":[{\"error\":null},{\"error\":\"bad metric\"},"
                    + "{\"error\":{\"message\":\"busy\",\"code\":\"try again\"}}]}"));

    assertThat(response.outcomes())
        .containsExactly(
            Map.entry("a1", SendOutcome.ACCEPTED),
            Map.entry("a2", new SendOutcome.Rejected("batch a2: bad metric")),
            Map.entry("a3", new SendOutcome.Retryable("batch a3: busy")));
  }

  @Test
  void anEmptyReplyAcceptsAllAndABatchWithoutAResultIsRetried() throws Exception {
    assertThat(exchange(Reply.status(204)).outcomes().values()).containsOnly(SendOutcome.ACCEPTED);
    close();

    SinkResponse partial = exchange(Reply.of(200, "[{\"uuid\":\"a2\"}]"));

    assertThat(partial.outcomes().get("a2")).isEqualTo(SendOutcome.ACCEPTED);
    assertThat(partial.outcomes().get("a1")).isInstanceOf(SendOutcome.Retryable.class);
    assertThat(partial.outcomes().get("a3")).isInstanceOf(SendOutcome.Retryable.class);
  }

  @Test
  void aReplyThatIsNotAListOfResultsIsRetried() throws Exception {
    SinkResponse response = exchange(Reply.of(200, "<html>proxy</html>"));

    assertThat(response.outcomes().values()).allMatch(o -> o instanceof SendOutcome.Retryable);
    assertThat(response.failure().orElseThrow()).contains("not a list of results");
  }

  @Test
  void statusesAreTheWholeRequests() throws Exception {
    assertThat(exchange(new Reply(503, Map.of("Retry-After", "7"), "")).outcomes().get("a1"))
        .isEqualTo(
            new SendOutcome.Retryable(
                "HTTP 503 from " + backend.url(), Optional.of(Duration.ofSeconds(7))));
    close();
    assertThat(exchange(Reply.of(400, "bad json")).outcomes().values())
        .containsOnly(new SendOutcome.Rejected("HTTP 400 from " + backend.url() + ": bad json"));
    close();
    assertThat(exchange(Reply.status(409)).outcomes().get("a3"))
        .isInstanceOf(SendOutcome.AlreadyPresent.class);
    close();
    assertThat(exchange(Reply.status(403)).outcomes().get("a3"))
        .isInstanceOf(SendOutcome.Retryable.class);
  }
}
