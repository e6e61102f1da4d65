package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@link LogOutput} on a logger context of its own, writing to memory. */
class LogOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoggerContext context = new LoggerContext();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
  private final ByteArrayOutputStream target = new ByteArrayOutputStream();

  LogOutputTest() {
    context.setMDCAdapter(mdc);
    context.start();
  }

  @AfterEach
  void stop() {
    mdc.clear();
    context.stop();
  }

  private List<String> lines() {
    return target.toString(UTF_8).lines().toList();
  }

  @Test
  void jsonLinesParseAsJsonOneEventEach() throws Exception {
    LogOutput.configure(LogOutput.Format.JSON, Level.INFO, context, target);
    Logger log = context.getLogger("io.windlass.test.Agent");

    log.info("engine started: {}", List.of("agent", "spool"));
    mdc.put("manifold", "spool");
    log.warn("a \"quoted\" message\nover two lines, with ünïcödé and a tab\t");
    mdc.clear();
    log.error(
        "spool failed", new IllegalStateException("disk full", new java.io.IOException("ENOSPC")));
    log.debug("not logged at info");

    List<JsonNode> events = new ArrayList<>();
    for (String line : lines()) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).hasSize(3);
    assertThat(events).allSatisfy(event -> assertThat(event.isObject()).isTrue());
    JsonNode started = events.get(0);
    assertThat(started.path("level").asText()).isEqualTo("INFO");
    assertThat(started.path("loggerName").asText()).isEqualTo("io.windlass.test.Agent");
    assertThat(started.path("formattedMessage").asText())
        .isEqualTo("engine started: [agent, spool]");
    assertThat(started.path("timestamp").asLong()).isPositive();
    assertThat(started.has("threadName")).isTrue();
    JsonNode warning = events.get(1);
    assertThat(warning.path("formattedMessage").asText())
        .isEqualTo("a \"quoted\" message\nover two lines, with ünïcödé and a tab\t");
    assertThat(warning.at("/mdc/manifold").asText()).isEqualTo("spool");
    JsonNode failure = events.get(2).path("throwable");
    assertThat(failure.path("className").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failure.path("message").asText()).isEqualTo("disk full");
    assertThat(failure.at("/cause/message").asText()).isEqualTo("ENOSPC");
  }

  @Test
  void textIsOneLinePerEventInThePattern() {
    LogOutput.configure(LogOutput.Format.TEXT, Level.INFO, context, target);

    context.getLogger("io.windlass.test.Agent").info("engine started");

    assertThat(lines()).hasSize(1);
    assertThat(lines().get(0))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Agent - engine started");
  }

  @Test
  void theLevelFiltersAndConfiguringAgainReplacesTheOutput() {
    LogOutput.configure(LogOutput.Format.TEXT, Level.INFO, context, target);
    LogOutput.configure(LogOutput.Format.TEXT, Level.WARN, context, target);
    Logger log = context.getLogger("x");

    log.info("quiet");
    log.warn("loud");

    assertThat(lines()).hasSize(1);
    assertThat(lines().get(0)).endsWith("WARN  x - loud");
  }

  @Test
  void convertersReadFormatsAndLevelsInAnyCase() {
    assertThat(new LogOutput.FormatConverter().convert("JSON")).isEqualTo(LogOutput.Format.JSON);
    assertThat(new LogOutput.FormatConverter().convert("text")).isEqualTo(LogOutput.Format.TEXT);
    assertThat(new LogOutput.LevelConverter().convert("debug")).isEqualTo(Level.DEBUG);
    assertThat(new LogOutput.LevelConverter().convert("OFF")).isEqualTo(Level.OFF);
    assertThatThrownBy(() -> new LogOutput.FormatConverter().convert("xml"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'xml' is not a log format: write text or json");
    assertThatThrownBy(() -> new LogOutput.LevelConverter().convert("loud"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'loud' is not a log level: write trace, debug, info, warn, error or off");
  }
}
