package io.windlass.spool.sender;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.spool.ApiMetricBatch;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.internal.SpoolJson;
import io.windlass.spool.sender.HttpPoster.Answered;
import io.windlass.spool.sender.HttpPoster.NoAnswer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Juju-style JSON batch API: each request is a JSON list of batches as a Juju controller receives
 * them ({@link ApiMetricBatch}), POSTed with {@code Content-Type: application/json}; batches are
 * never split, so a batch larger than the limits goes alone. Batches go as Juju's controller takes
 * them: the families a batch describes ({@link io.windlass.spool.MetricBatch#families()}) are not
 * sent, as that API has no place for them.
 *
 * <p><b>Shards.</b> The API takes each batch as a whole, keyed by its uuid, and answers per batch,
 * so the order batches arrive in does not matter to it: whole batches are dealt out over {@link
 * SenderSettings#concurrency()} shards in turn (the {@code i}th batch of an encoding to shard
 * {@code i mod concurrency}), each shard's batches packed into requests in spool order. {@link
 * #send} may be called from several threads at once; {@link #abort} gives up every request in
 * flight.
 *
 * <p><b>The reply</b> to a 2xx is one result per batch, like Juju's metrics API:
 *
 * <pre>{@code
 * [{"uuid": "0190…a1"},
 *  {"uuid": "0190…a2", "error": {"message": "metrics batch 0190…a2 already exists", "code": "already exists"}},
 *  {"uuid": "0190…a3", "error": {"message": "unknown source local:x", "code": "not valid"}}]
 * }</pre>
 *
 * A result without {@code error} means stored; error code {@code already exists} means already
 * present (delivered); {@code try again} means retryable; any other error rejects that batch for
 * good. {@code error} may also be a plain string (the message). The list may be wrapped as {@code
 * {"results": […]}} (Juju's {@code ErrorResults}), and results without a {@code uuid} are taken in
 * the order of the batches sent. An empty 2xx body means every batch was stored; a batch without a
 * result is retried.
 *
 * <p>Statuses other than 2xx are the whole request's, read as by {@link RemoteWriteSink}: 5xx, 429,
 * 408, 425 and no answer retryable (with {@code Retry-After}); 409 already present; 400, 413, 422
 * rejected; any other status retryable.
 */
public final class JsonBatchSink implements MetricSink {

  /** The sink's type. */
  public static final String TYPE = "json";

  /** The error code of a batch the backend already has (Juju's {@code CodeAlreadyExists}). */
  public static final String ALREADY_EXISTS = "already exists";

  /** The error code of a batch to send again later (Juju's {@code CodeTryAgain}). */
  public static final String TRY_AGAIN = "try again";

  static final Map<String, String> HEADERS =
      Map.of("Content-Type", "application/json", "Accept", "application/json");

  private final int maxMetrics;
  private final long maxBytes;
  private final int shards;
  private final HttpPoster poster;
  private final Clock clock;

  /** A sink sending as {@code settings} say; {@code clock} dates {@code Retry-After}s. */
  public JsonBatchSink(SenderSettings settings, Clock clock) {
    this.maxMetrics = settings.maxRequestMetrics();
    this.maxBytes = settings.maxRequestBytes();
    this.shards = settings.concurrency();
    this.poster = new HttpPoster(settings, HEADERS);
    this.clock = clock;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public URI url() {
    return poster.url();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A batch goes whole in one request, so none is ever partly delivered: {@code delivered} is
   * not read.
   */
  @Override
  public SinkEncoding encode(List<MetricBatch> batches, DeliveredSamples delivered) {
    List<SinkRequest> requests = new ArrayList<>();
    Chunk[] current = new Chunk[Math.min(shards, Math.max(batches.size(), 1))];
    for (int shard = 0; shard < current.length; shard++) {
      current[shard] = new Chunk(shard);
    }
    for (int i = 0; i < batches.size(); i++) {
      MetricBatch batch = batches.get(i);
      Chunk chunk = current[i % current.length];
      byte[] json = encode(batch);
      int n = batch.metrics().size();
      // "[" + batches joined by "," + "]"
      long size = chunk.body.size() + 1 + json.length + 1;
      if (!chunk.carried.isEmpty() && (chunk.metrics + n > maxMetrics || size > maxBytes)) {
        requests.add(chunk.request());
        chunk = new Chunk(chunk.shard);
        current[chunk.shard] = chunk;
      }
      chunk.body.write(chunk.carried.isEmpty() ? '[' : ',');
      chunk.body.writeBytes(json);
      chunk.carried.add(batch.uuid());
      chunk.metrics += n;
    }
    for (Chunk chunk : current) {
      if (!chunk.carried.isEmpty()) {
        requests.add(chunk.request());
      }
    }
    return new SinkEncoding(requests, Map.of());
  }

  /** The request of one shard being filled. */
  private static final class Chunk {
    final int shard;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> carried = new ArrayList<>();
    int metrics;

    Chunk(int shard) {
      this.shard = shard;
    }

    SinkRequest request() {
      body.write(']');
      return new SinkRequest(body.toByteArray(), carried, metrics, shard);
    }
  }

  private static byte[] encode(MetricBatch batch) {
    try {
      return SpoolJson.MAPPER.writeValueAsBytes(ApiMetricBatch.from(batch));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode batch " + batch.uuid(), e);
    }
  }

  @Override
  public SinkResponse send(SinkRequest request) throws InterruptedException {
    HttpPoster.Result result = poster.post(request.body());
    if (result instanceof NoAnswer none) {
      return SinkResponse.whole(
          request, new SendOutcome.Retryable(none.reason()), Optional.of(none.reason()));
    }
    Answered answer = (Answered) result;
    String described = poster.describe(answer);
    return switch (HttpPoster.StatusClass.of(answer.status())) {
      case SUCCESS -> results(request, answer, described);
      case RETRY ->
          SinkResponse.whole(
              request,
              new SendOutcome.Retryable(described, retryAfter(answer)),
              Optional.of(described));
      case ALREADY_PRESENT ->
          SinkResponse.whole(request, new SendOutcome.AlreadyPresent(described), Optional.empty());
      case CONTENT_REFUSED ->
          SinkResponse.whole(request, new SendOutcome.Rejected(described), Optional.of(described));
      case SENDER_REFUSED -> {
        String reason =
            described + " (the backend refuses the sender: check the sink's url and credentials)";
        yield SinkResponse.whole(
            request, new SendOutcome.Retryable(reason, retryAfter(answer)), Optional.of(reason));
      }
    };
  }

  private Optional<Duration> retryAfter(Answered answer) {
    return answer.retryAfter().flatMap(header -> RetryAfter.parse(header, clock.instant()));
  }

  /** Reads a 2xx reply's per-batch results, as the class description says. */
  private SinkResponse results(SinkRequest request, Answered answer, String described) {
    Map<String, SendOutcome> outcomes = new LinkedHashMap<>();
    if (answer.body().isBlank()) {
      request.batches().forEach(uuid -> outcomes.put(uuid, SendOutcome.ACCEPTED));
      return new SinkResponse(outcomes, false, Optional.empty());
    }
    JsonNode results;
    try {
      results = SpoolJson.MAPPER.readTree(answer.body());
    } catch (JsonProcessingException e) {
      results = null;
    }
    if (results != null && results.isObject()) {
      results = results.get("results");
    }
    if (results == null || !results.isArray()) {
      String reason = described + " (the reply is not a list of results)";
      return SinkResponse.whole(request, new SendOutcome.Retryable(reason), Optional.of(reason));
    }
    for (int i = 0; i < results.size(); i++) {
      JsonNode result = results.get(i);
      String uuid = result.path("uuid").asText("");
      if (uuid.isEmpty() && i < request.batches().size()) {
        uuid = request.batches().get(i);
      }
      if (request.batches().contains(uuid)) {
        outcomes.put(uuid, outcome(uuid, result.path("error")));
      }
    }
    for (String uuid : request.batches()) {
      outcomes.putIfAbsent(
          uuid, new SendOutcome.Retryable(described + " (no result for batch " + uuid + ")"));
    }
    return new SinkResponse(outcomes, false, Optional.empty());
  }

  private static SendOutcome outcome(String uuid, JsonNode error) {
    if (error.isMissingNode() || error.isNull()) {
      return SendOutcome.ACCEPTED;
    }
    String message = error.isTextual() ? error.asText() : error.path("message").asText("");
    String code = error.path("code").asText("").toLowerCase(Locale.ROOT);
    String reason = "batch " + uuid + ": " + (message.isEmpty() ? error.toString() : message);
    return switch (code) {
      case ALREADY_EXISTS -> new SendOutcome.AlreadyPresent(reason);
      case TRY_AGAIN -> new SendOutcome.Retryable(reason);
      default -> new SendOutcome.Rejected(reason);
    };
  }

  @Override
  public void abort() {
    poster.abort();
  }

  @Override
  public String toString() {
    return TYPE + " sink to " + url();
  }
}
