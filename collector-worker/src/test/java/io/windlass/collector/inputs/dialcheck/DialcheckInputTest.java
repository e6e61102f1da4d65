package io.windlass.collector.inputs.dialcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import io.windlass.collector.nsenter.NsEnterException;
import io.windlass.collector.nsenter.NsEnterHelper;
import io.windlass.collector.nsenter.NsEnterRequest;
import io.windlass.collector.nsenter.NsEnterResponse;
import io.windlass.collector.nsenter.NsEnterTarget;
import io.windlass.collector.nsenter.RequestExecutor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialcheckInputTest {
  private static final DialcheckConfig CONFIG =
      new DialcheckConfig("10.0.0.7", 8080, Duration.ofSeconds(3));
  private static final Map<String, String> TAGS = Map.of("host", "10.0.0.7", "port", "8080");

  /** Records requests and answers with a fixed response or failure. */
  private static final class FakeExecutor implements RequestExecutor {
    final List<Long> pids = new ArrayList<>();
    final List<NsEnterRequest> requests = new ArrayList<>();
    NsEnterResponse response;
    NsEnterException failure;

    @Override
    public NsEnterResponse execute(long targetPid, NsEnterRequest request) throws NsEnterException {
      pids.add(targetPid);
      requests.add(request);
      if (failure != null) {
        throw failure;
      }
      return response;
    }
  }

  private final FakeExecutor executor = new FakeExecutor();
  private final MemoryAccumulator metrics = new MemoryAccumulator();

  @Test
  void agentModeDialsInProcessWithoutAHelper() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      DialcheckConfig local =
          new DialcheckConfig("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2));
      new DialcheckInput(local, NsEnterTarget.agent(), executor).collect(metrics);
    }
    assertThat(executor.requests).isEmpty();
    assertThat(metrics.metrics()).extracting(Metric::name).containsExactly("up", "latency_ms");
    assertThat(metrics.metrics().get(0).value()).isEqualTo(1.0);
  }

  @Test
  void podModeSendsTheConfigToTheHelperForTheTargetPid() throws Exception {
    executor.response =
        NsEnterResponse.ok(NsEnterHelper.toData(List.of(Metric.of("up", TAGS, 1.0))));
    DialcheckInput input = new DialcheckInput(CONFIG, NsEnterTarget.pod(4321), executor);
    input.collect(metrics);
    assertThat(executor.pids).containsExactly(4321L);
    NsEnterRequest request = executor.requests.get(0);
    assertThat(request.actionType()).isEqualTo("dialcheck");
    assertThat(request.body())
        .isEqualTo("{\"host\":\"10.0.0.7\",\"port\":8080,\"connectTimeoutMillis\":3000}");
    assertThat(request.timeout())
        .isEqualTo(Duration.ofSeconds(3).plus(DialcheckInput.HELPER_START_ALLOWANCE));
    assertThat(request.state()).isEqualTo(CONFIG);
    assertThat(metrics.metrics()).containsExactly(Metric.of("up", TAGS, 1.0));
    assertThat(input.debugInfo())
        .containsEntry("networkMode", "POD")
        .containsEntry("targetPid", 4321L)
        .containsEntry("helperRuns", 1L)
        .containsEntry("helperFailures", 0L);
  }

  @Test
  void aHelperFailureReportsDownAndIsCounted() throws Exception {
    executor.failure =
        new NsEnterException(NsEnterException.Reason.TIMEOUT, "helper did not exit within PT18S");
    DialcheckInput input = new DialcheckInput(CONFIG, NsEnterTarget.pod(4321), executor);
    input.collect(metrics);
    input.collect(metrics);
    assertThat(metrics.metrics())
        .containsExactly(Metric.of("up", TAGS, 0.0), Metric.of("up", TAGS, 0.0));
    assertThat(input.helperFailures()).isEqualTo(2);
    assertThat(input.debugInfo())
        .containsEntry("lastHelperError", "TIMEOUT: helper did not exit within PT18S");
  }

  @Test
  void aCollectThePipelineAbandonedOrSawFailReportsDownWithoutCallingTheHelper() {
    DialcheckInput input = new DialcheckInput(CONFIG, NsEnterTarget.pod(4321), executor);
    input.addErrorMetrics(null, metrics);
    input.addErrorMetrics(new IllegalStateException("boom"), metrics);
    assertThat(metrics.metrics())
        .containsExactly(Metric.of("up", TAGS, 0.0), Metric.of("up", TAGS, 0.0));
    assertThat(executor.requests).isEmpty();
    assertThat(input.helperFailures()).isZero();
  }

  @Test
  void anUnsuccessfulAnswerReportsDownAndIsCounted() throws Exception {
    executor.response = NsEnterResponse.failed("dialcheck failed: boom");
    DialcheckInput input = new DialcheckInput(CONFIG, NsEnterTarget.pod(4321), executor);
    input.collect(metrics);
    assertThat(metrics.metrics()).containsExactly(Metric.of("up", TAGS, 0.0));
    assertThat(input.debugInfo())
        .containsEntry("helperFailures", 1L)
        .containsEntry(
            "lastHelperError", "ACTION_FAILED: dialcheck helper answered: dialcheck failed: boom");
  }

  @Test
  void dataThatIsNotMetricsReportsDownAndIsCounted() throws Exception {
    executor.response = NsEnterResponse.ok(JsonNodeFactory.instance.textNode("up"));
    DialcheckInput input = new DialcheckInput(CONFIG, NsEnterTarget.pod(4321), executor);
    input.collect(metrics);
    assertThat(metrics.metrics()).containsExactly(Metric.of("up", TAGS, 0.0));
    assertThat(input.debugInfo())
        .containsEntry(
            "lastHelperError", "BAD_RESPONSE: data must be a list of metrics, got STRING");
  }

  @Test
  void namesGetTheDialcheckPrefix() {
    assertThat(new DialcheckInput(CONFIG, NsEnterTarget.agent(), executor).defaultPrefix())
        .isEqualTo("dialcheck.");
  }
}
