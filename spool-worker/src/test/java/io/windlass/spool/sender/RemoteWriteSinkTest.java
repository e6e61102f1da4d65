package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MutableClock;
import io.windlass.spool.sender.FakeBackend.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteSinkTest {
  private static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

  private final MutableClock clock = new MutableClock(T);
  private FakeBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static MetricBatch batch(String uuid, String value) {
    return new MetricBatch(
        "input:cpu", uuid, T, List.of(new Metric("cpu.load", value, T)), "agent-1");
  }

  private RemoteWriteSink sink(URI url) {
    return sink(SenderSettings.builder(url));
  }

  private RemoteWriteSink sink(SenderSettings.Builder settings) {
    return new RemoteWriteSink(settings.timeout(Duration.ofSeconds(5)).build(), clock);
  }

  private SinkResponse sendOne(Reply reply) throws Exception {
    backend = new FakeBackend(request -> reply);
    RemoteWriteSink sink = sink(backend.url());
    return sink.send(sink.encode(List.of(batch("b1", "1"), batch("b2", "2"))).requests().get(0));
  }

  @Test
  void bodyIsTheWriteRequestInSnappysBlockFormat() throws Exception {
    RemoteWriteSink sink = sink(URI.create("http://127.0.0.1:1/api/v1/write"));
    List<MetricBatch> batches = List.of(batch("b1", "1"), batch("b2", "2"));

    byte[] body = sink.encode(batches).requests().get(0).body();
    byte[] raw = new RemoteWriteEncoder(10_000, 4 << 20).encode(batches).requests().get(0).body();

    assertThat(Snappy.uncompress(body)).isEqualTo(raw);
    assertThat(Snappy.isValidCompressedBuffer(body)).isTrue();
    // The framed format starts with a stream identifier chunk (0xff "sNaPpY"); the block format
    // starts with the uncompressed length as a varint.
    assertThat(body[0] & 0xff).isNotEqualTo(0xff);
    assertThat(Snappy.uncompressedLength(body)).isEqualTo(raw.length);
  }

  @Test
  void sendsTheHeadersTheSpecificationRequiresAndTheConfiguredOnes() throws Exception {
    backend = FakeBackend.accepting();
    RemoteWriteSink sink =
        sink(
            SenderSettings.builder(backend.url())
                .bearerToken(Optional.of("s3cret"))
                .headers(Map.of("X-Scope-OrgID", "fleet"))
                .userAgent("windlass/1.2"));

    SinkResponse response = sink.send(sink.encode(List.of(batch("b1", "1"))).requests().get(0));

    assertThat(response.outcomes()).containsExactly(Map.entry("b1", SendOutcome.ACCEPTED));
    assertThat(response.failure()).isEmpty();
    FakeBackend.Received request = backend.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/write");
    assertThat(request.header("Content-Encoding")).isEqualTo("snappy");
    assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
    assertThat(request.header("User-Agent")).isEqualTo("windlass/1.2");
    assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(request.header("X-Scope-OrgID")).isEqualTo("fleet");
    assertThat(request.series())
        .singleElement()
        .satisfies(s -> assertThat(s.name()).isEqualTo("cpu_load"));
  }

  @Test
  void userInformationInTheUrlIsSentAsBasicAuthenticationAndNeverShown() throws Exception {
    backend = FakeBackend.accepting();
    URI url = URI.create(backend.url().toString().replace("http://", "http://user:pa%20ss@"));
    RemoteWriteSink sink = sink(url);

    sink.send(sink.encode(List.of(batch("b1", "1"))).requests().get(0));

    assertThat(backend.received().get(0).header("Authorization"))
        .isEqualTo("Basic dXNlcjpwYSBzcw=="); // user:pa ss
    assertThat(sink.url()).isEqualTo(backend.url());
  }

  @Test
  void twoHundredsAreAccepted() throws Exception {
    assertThat(sendOne(Reply.status(200)).outcomes().values()).containsOnly(SendOutcome.ACCEPTED);
  }

  @Test
  void serverErrorsAreRetryableAndFailTheRequest() throws Exception {
    SinkResponse response = sendOne(Reply.of(500, "tsdb is closing"));

    assertThat(response.wholeRequest()).isTrue();
    assertThat(response.outcomes().values())
        .containsOnly(
            new SendOutcome.Retryable(
                "HTTP 500 from " + backend.url() + ": tsdb is closing", Optional.empty()));
    assertThat(response.failure()).contains("HTTP 500 from " + backend.url() + ": tsdb is closing");
  }

  @Test
  void tooManyRequestsIsRetryableAfterTheRetryAfterSeconds() throws Exception {
    SinkResponse response = sendOne(new Reply(429, Map.of("Retry-After", "42"), "slow down"));

    assertThat(response.outcomes().get("b1"))
        .isEqualTo(
            new SendOutcome.Retryable(
                "HTTP 429 from " + backend.url() + ": slow down",
                Optional.of(Duration.ofSeconds(42))));
  }

  @Test
  void unavailableIsRetryableAfterTheRetryAfterDate() throws Exception {
    SinkResponse response =
        sendOne(new Reply(503, Map.of("Retry-After", "Tue, 04 Mar 2025 05:08:07 GMT"), ""));

    assertThat(((SendOutcome.Retryable) response.outcomes().get("b1")).retryAfter())
        .contains(Duration.ofMinutes(2));
  }

  /**
   * Prometheus 2.42 answers 400 "out of order sample" for a sample older than the series' newest,
   * which is what re-sending a delivered batch gets once newer data is in: counted as delivered.
   */
  @Test
  void outOfOrderAndDuplicateSampleRefusalsMeanAlreadyPresent() throws Exception {
    for (String body :
        List.of(
            "out of order sample",
            "duplicate sample for timestamp",
            "err-mimir-sample-out-of-order: the sample has been rejected",
            "failed pushing to ingester: user=fake: err-mimir-sample-duplicate-timestamp")) {
      close();
      SinkResponse response = sendOne(Reply.of(400, body));
      assertThat(response.outcomes().get("b1"))
          .as(body)
          .isInstanceOf(SendOutcome.AlreadyPresent.class);
      assertThat(response.failure()).isEmpty();
    }
    close();
    assertThat(sendOne(Reply.status(409)).outcomes().get("b1"))
        .isInstanceOf(SendOutcome.AlreadyPresent.class);
  }

  @Test
  void otherContentRefusalsAreRejections() throws Exception {
    for (int status : new int[] {400, 413, 422}) {
      close();
      SinkResponse response = sendOne(Reply.of(status, "out of bounds"));
      assertThat(response.outcomes().get("b2"))
          .as("%s", status)
          .isEqualTo(
              new SendOutcome.Rejected(
                  "HTTP " + status + " from " + backend.url() + ": out of bounds"));
      assertThat(response.failure()).isPresent();
    }
  }

  @Test
  void refusalsOfTheSenderItselfAreRetryableSoTheSpoolIsKept() throws Exception {
    for (int status : new int[] {401, 403, 404, 405, 301}) {
      close();
      SendOutcome outcome = sendOne(Reply.status(status)).outcomes().get("b1");
      assertThat(outcome).as("%s", status).isInstanceOf(SendOutcome.Retryable.class);
      assertThat(((SendOutcome.Retryable) outcome).reason()).contains("check the sink's url");
    }
  }

  @Test
  void aClosedPortIsRetryable() throws Exception {
    RemoteWriteSink sink = sink(FakeBackend.closedPort());

    SinkResponse response = sink.send(sink.encode(List.of(batch("b1", "1"))).requests().get(0));

    assertThat(response.outcomes().get("b1")).isInstanceOf(SendOutcome.Retryable.class);
    assertThat(response.failure().orElseThrow()).startsWith("cannot connect to ");
  }

  @Test
  void aBackendThatHangsPastTheTimeoutIsRetryable() throws Exception {
    backend = new FakeBackend(request -> backend.hang());
    RemoteWriteSink sink =
        new RemoteWriteSink(
            SenderSettings.builder(backend.url()).timeout(Duration.ofMillis(300)).build(), clock);

    long started = System.nanoTime();
    SinkResponse response = sink.send(sink.encode(List.of(batch("b1", "1"))).requests().get(0));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(response.failure()).contains("no answer from " + backend.url() + " within PT0.3S");
    assertThat(response.outcomes().get("b1")).isInstanceOf(SendOutcome.Retryable.class);
  }

  @Test
  void saysAlreadyPresentOnlyForOutOfOrderOrDuplicateSamples() {
    assertThat(RemoteWriteSink.saysAlreadyPresent("Out Of Order Sample")).isTrue();
    assertThat(RemoteWriteSink.saysAlreadyPresent("out of bounds")).isFalse();
    assertThat(RemoteWriteSink.saysAlreadyPresent("too old sample")).isFalse();
    assertThat(RemoteWriteSink.saysAlreadyPresent("invalid metric name")).isFalse();
  }
}
