package io.windlass.manifolds.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.windlass.engine.EngineReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Prints engine reports as JSON Lines: each report is one compact JSON document on its own line, so
 * that {@code jq} or a test can read a stream of them. Safe to share between threads; each report
 * is written whole and flushed.
 */
public final class ReportPrinter {
  /**
   * The JSON writer, built on first use: {@code windlass run} creates a printer whatever its report
   * format, and building a mapper is slow on a cold JVM.
   */
  private static final class Json {
    static final ObjectWriter WRITER =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build()
            .writer();

    private Json() {}
  }

  private final PrintWriter out;

  /** Prints to {@code out}. */
  public ReportPrinter(PrintWriter out) {
    this.out = out;
  }

  /** Writes {@code report} as one line of JSON and flushes. */
  public void print(EngineReport report) {
    String line = toJson(report);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** {@code report} as compact JSON, with exactly the keys the engine's report types declare. */
  public static String toJson(EngineReport report) {
    try {
      return Json.WRITER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the engine report as JSON", e);
    }
  }
}
