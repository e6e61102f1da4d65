package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredMetricsTest {
  @Test
  void matchesExactNames() {
    DeclaredMetrics declared =
        DeclaredMetrics.of(Map.of("pings", MetricKind.ABSOLUTE, "juju-units", MetricKind.GAUGE));

    assertThat(declared.kindOf("pings")).isEqualTo(MetricKind.ABSOLUTE);
    assertThat(declared.kindOf("juju-units")).isEqualTo(MetricKind.GAUGE);
    assertThat(declared.kindOf("pongs")).isNull();
    assertThat(declared.isDeclared("pings")).isTrue();
    assertThat(declared.isDeclared("ping")).isFalse();
    assertThat(declared.isDeclared(null)).isFalse();
  }

  @Test
  void matchesPrefixPatternsLongestFirstAfterExactNames() {
    DeclaredMetrics declared =
        DeclaredMetrics.of(
            Map.of(
                "disk.*", MetricKind.GAUGE,
                "disk.io.*", MetricKind.COUNTER,
                "disk.io.queue", MetricKind.ABSOLUTE));

    assertThat(declared.kindOf("disk.used")).isEqualTo(MetricKind.GAUGE);
    assertThat(declared.kindOf("disk.io.reads")).isEqualTo(MetricKind.COUNTER);
    assertThat(declared.kindOf("disk.io.queue")).isEqualTo(MetricKind.ABSOLUTE);
    assertThat(declared.kindOf("disk.")).isNull(); // a pattern needs at least one more character
    assertThat(declared.kindOf("disk")).isNull();
    assertThat(declared.kindOf("diskette")).isNull();
    assertThat(declared.kindOf("disk.bad key")).isNull(); // patterns match well-formed keys only
  }

  @Test
  void anyAcceptsEveryWellFormedKeyAsAGauge() {
    DeclaredMetrics any = DeclaredMetrics.any();

    assertThat(any.kindOf("cpu.util")).isEqualTo(MetricKind.GAUGE);
    assertThat(any.kindOf("x")).isEqualTo(MetricKind.GAUGE);
    assertThat(any.kindOf("9lives")).isNull();
    assertThat(any.kindOf("")).isNull();
    assertThat(any).isEqualTo(DeclaredMetrics.of("*", MetricKind.GAUGE));
    assertThat(DeclaredMetrics.of("*", MetricKind.COUNTER).kindOf("anything"))
        .isEqualTo(MetricKind.COUNTER);
  }

  @Test
  void reportsEveryMalformedDeclarationAtOnce() {
    Map<String, MetricKind> declarations = new LinkedHashMap<>();
    declarations.put("ok", MetricKind.GAUGE);
    declarations.put("bad key", MetricKind.GAUGE);
    declarations.put("a*b*", MetricKind.GAUGE);
    declarations.put("9*", MetricKind.GAUGE);
    declarations.put("nokind", null);

    assertThatThrownBy(() -> DeclaredMetrics.of(declarations))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid metric declarations: "
                + "metric key \"bad key\" has invalid character ' ' at index 3; "
                + "allowed are letters, digits, '_', '.', ':' and '-'; "
                + "pattern \"a*b*\" may hold '*' only at its end; "
                + "pattern \"9*\": metric key \"9\" must start with a letter or '_'; "
                + "declaration \"nokind\" has no kind");
    Map<String, MetricKind> nullName = new HashMap<>();
    nullName.put(null, MetricKind.GAUGE);
    assertThatThrownBy(() -> DeclaredMetrics.of(nullName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid metric declarations: a declaration has no name");
  }

  @Test
  void keepsItsDeclarations() {
    DeclaredMetrics declared = DeclaredMetrics.of("disk.*", MetricKind.GAUGE);

    assertThat(declared.declarations()).containsExactly(Map.entry("disk.*", MetricKind.GAUGE));
    assertThat(declared).hasToString("DeclaredMetrics{disk.*=gauge}");
  }
}
