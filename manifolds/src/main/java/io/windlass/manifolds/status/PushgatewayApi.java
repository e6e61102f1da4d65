package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import io.windlass.spool.ingest.http.GroupingKey;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Prometheus Pushgateway's push API, so that its clients (prom-client's {@code Pushgateway},
 * the Go, Java and Python clients' push functions, {@code curl}) push to the agent as they would to
 * a Pushgateway: {@code PUT}, {@code POST} and {@code DELETE /metrics/job/<job>{/<label>/<value>}},
 * the grouping key in the path as the Pushgateway reads it ({@link GroupingKey}: percent-encoded,
 * or base64url after a name ending in {@code @base64}, so {@code /metrics/job@base64/<b64>}).
 *
 * <p>What differs, and why: a Pushgateway keeps the last push of each group and is scraped, so its
 * groups are state: {@code PUT} replaces a group, {@code POST} replaces the metrics of the same
 * names in it, {@code DELETE} removes it, and a scrape stamps every sample with the scrape's time.
 * The agent keeps no groups: every {@code PUT} and {@code POST} is stored as samples of the push's
 * time, with the grouping key's labels (replacing the sample's own labels of those names, as the
 * Pushgateway does), and forwarded; so {@code PUT} and {@code POST} do the same, and a series
 * simply ends when its pushes stop. {@code DELETE} is answered {@code 202}, as the Pushgateway
 * answers it, and stores and removes nothing (what was forwarded stays in the backend). An empty
 * label value stands for no label (the Pushgateway shows {@code instance=""}, which Prometheus
 * drops); the Pushgateway's own {@code push_time_seconds} and {@code push_failure_time_seconds} are
 * not made.
 *
 * <p>Answers: {@code 200} once stored (as the Pushgateway answers; Go's client takes only {@code
 * 200} or {@code 202}), {@code 202} for a {@code DELETE}, {@code 400} for a bad grouping key, a bad
 * line, or a sample with a timestamp (as the Pushgateway refuses it), {@code 415} for the protobuf
 * format (the text format only), and the other push answers ({@code 413}, {@code 503}, {@code 507})
 * as every push path gives them. The body is the text format, or OpenMetrics text by its {@code
 * Content-Type}; stored through {@link PushFormat#PUSHGATEWAY} (source {@code push:pushgateway}).
 */
final class PushgatewayApi {

  /** The methods of its paths. */
  static final Set<String> METHODS = ImmutableSet.of("PUT", "POST", "DELETE");

  private static final String PROTOBUF_MEDIA_TYPE = "application/vnd.google.protobuf";

  private final PushIntake intake;

  PushgatewayApi(PushIntake intake) {
    this.intake = intake;
  }

  /** Its paths: prefixes, the grouping key after them. */
  Map<String, Endpoint> endpoints() {
    return ImmutableMap.of(
        PushFormat.PUSHGATEWAY.path() + "/*",
        new Endpoint(METHODS, request -> push(request, "job/")),
        PushFormat.PUSHGATEWAY.path() + GroupingKey.BASE64_SUFFIX + "/*",
        new Endpoint(METHODS, request -> push(request, "job" + GroupingKey.BASE64_SUFFIX + "/")));
  }

  /**
   * @param job what the route's prefix says of the job: {@code job/} or {@code job@base64/}
   */
  private StatusResponse push(StatusRequest request, String job) throws IOException {
    GroupingKey group;
    try {
      group = GroupingKey.parse(job + request.subpath());
    } catch (IllegalArgumentException e) {
      return StatusResponse.text(400, e.getMessage());
    }
    if (request.method().equals("DELETE")) {
      return StatusResponse.empty(202);
    }
    if (isProtobuf(request.header("Content-Type"))) {
      return StatusResponse.text(
          415,
          "the protobuf format is not taken: push the text format"
              + " (Content-Type: text/plain; version=0.0.4)");
    }
    PushOutcome outcome =
        intake.store(request, (ingest, contentType, body) -> ingest.push(group, contentType, body));
    return PushIntake.answer(outcome, 200);
  }

  private static boolean isProtobuf(@Nullable String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(Locale.ROOT).startsWith(PROTOBUF_MEDIA_TYPE);
  }
}
