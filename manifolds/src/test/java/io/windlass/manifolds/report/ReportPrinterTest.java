package io.windlass.manifolds.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPrinterTest {

  @Test
  void printsOneLineOfJsonWithTheEngineReportKeys() {
    StringWriter out = new StringWriter();
    EngineReport report =
        new EngineReport(
            "started",
            null,
            Map.of(
                "b",
                new ManifoldReport(
                    "started",
                    List.of("a"),
                    2,
                    Instant.parse("2024-05-01T12:00:00Z"),
                    "boom",
                    Map.of("n", 1)),
                "a",
                new ManifoldReport("stopped", List.of(), 0, null, null, Map.of())));

    new ReportPrinter(new PrintWriter(out)).print(report);

    assertThat(out.toString())
        .isEqualTo(
            "{\"state\":\"started\",\"manifolds\":{"
                + "\"a\":{\"state\":\"stopped\"},"
                + "\"b\":{\"state\":\"started\",\"inputs\":[\"a\"],\"start-count\":2,"
                + "\"started\":\"2024-05-01T12:00:00Z\",\"error\":\"boom\",\"report\":{\"n\":1}}}}"
                + System.lineSeparator());
  }
}
