package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class MetricsDataExceptionTest {
  @Test
  void findsItselfThroughWrappingErrors() {
    MetricsDataException bad = new MetricsDataException("metric key \"x\" is not declared by y");

    assertThat(MetricsDataException.isMetricsDataError(bad)).isTrue();
    assertThat(MetricsDataException.isMetricsDataError(new UncheckedIOException(bad))).isTrue();
    assertThat(
            MetricsDataException.isMetricsDataError(
                new ExecutionException(new RuntimeException("wrapped", bad))))
        .isTrue();
  }

  @Test
  void isNotFoundWhereItIsNot() {
    assertThat(MetricsDataException.isMetricsDataError(null)).isFalse();
    assertThat(MetricsDataException.isMetricsDataError(new IOException("disk"))).isFalse();
    assertThat(
            MetricsDataException.isMetricsDataError(
                new SpoolFullException(DropReason.MAX_BYTES, "full")))
        .isFalse();
  }

  /** Covers a cause chain that loops back on itself, which must not hang the check. */
  @Test
  void stopsAtACauseCycle() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);

    assertThat(MetricsDataException.isMetricsDataError(a)).isFalse();
  }

  @Test
  void isAnIoExceptionWithItsCause() {
    IOException cause = new IOException("parse");
    MetricsDataException bad = new MetricsDataException("batch x data line 2: bad", cause);

    assertThat(bad).isInstanceOf(IOException.class).hasMessage("batch x data line 2: bad");
    assertThat(bad.getCause()).isSameAs(cause);
  }
}
