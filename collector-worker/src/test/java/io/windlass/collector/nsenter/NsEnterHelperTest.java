package io.windlass.collector.nsenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.collector.Metric;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NsEnterHelperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static void assertBadData(String data, String message) {
    assertThatThrownBy(() -> NsEnterHelper.processResponse(json(data)))
        .isInstanceOfSatisfying(
            NsEnterException.class,
            e -> assertThat(e.reason()).isEqualTo(NsEnterException.Reason.BAD_RESPONSE))
        .hasMessage(message);
  }

  @Test
  void metricsSurviveTheRoundTrip() throws Exception {
    List<Metric> metrics =
        List.of(new Metric("up", Map.of("host", "h", "port", "80"), 5, 1.0), Metric.of("x", 2.5));
    assertThat(NsEnterHelper.processResponse(NsEnterHelper.toData(metrics))).isEqualTo(metrics);
  }

  @Test
  void tagsAndTimestampMayBeLeftOut() throws Exception {
    assertThat(NsEnterHelper.processResponse(json("[{\"name\":\"a\",\"value\":3}]")))
        .containsExactly(Metric.of("a", 3));
  }

  @Test
  void rejectsDataThatIsNotAMetricList() {
    assertBadData("{}", "data must be a list of metrics, got OBJECT");
    assertBadData("[1]", "data[0] must be an object, got NUMBER");
    assertBadData("[{\"value\":1}]", "data[0].name must be a non-blank string");
    assertBadData("[{\"name\":\"a\",\"value\":\"1\"}]", "data[0].value must be a number");
    assertBadData(
        "[{\"name\":\"a\",\"value\":1,\"timestamp\":1.5}]", "data[0].timestamp must be an integer");
    assertBadData(
        "[{\"name\":\"a\",\"value\":1,\"timestamp\":-1}]", "data[0].timestamp -1 must be >= 0");
    assertBadData("[{\"name\":\"a\",\"value\":1,\"tags\":[]}]", "data[0].tags must be an object");
    assertBadData(
        "[{\"name\":\"a\",\"value\":1,\"tags\":{\"k\":1}}]", "data[0].tags.k must be a string");
  }

  @Test
  void responseSurvivesTheRoundTrip() throws Exception {
    NsEnterResponse ok = NsEnterResponse.ok(json("[1,2]"));
    String line = NsEnterHelper.writeResponse(ok);
    assertThat(line).isEqualTo("{\"success\":true,\"message\":\"\",\"data\":[1,2]}");
    assertThat(NsEnterHelper.parseResponse(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(ok);
    NsEnterResponse failed = NsEnterResponse.failed("no");
    assertThat(
            NsEnterHelper.parseResponse(
                NsEnterHelper.writeResponse(failed).getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(failed);
  }

  @Test
  void rejectsOutputThatIsNotAResponse() {
    assertThatThrownBy(() -> NsEnterHelper.parseResponse(new byte[0]))
        .hasMessage("helper output is not a JSON object: (empty)");
    assertThatThrownBy(() -> NsEnterHelper.parseResponse("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("helper output is not a JSON object: \"[]\"");
    assertThatThrownBy(
            () -> NsEnterHelper.parseResponse("{\"data\":1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("helper output has no boolean \"success\": \"{\"data\":1}\"");
    assertThatThrownBy(
            () -> NsEnterHelper.parseResponse("hello {".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(NsEnterException.class)
        .hasMessageStartingWith("helper output is not JSON: ")
        .hasMessageEndingWith(" in \"hello {\"");
  }
}
