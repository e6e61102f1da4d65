package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.manifolds.status.StatusServer.Endpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final Endpoint HEALTHZ = new Endpoint("GET", request -> null);
  private static final Endpoint JOB = new Endpoint("PUT", request -> null);
  private static final Endpoint JOBS = new Endpoint("POST", request -> null);
  private static final Endpoint EXACT_UNDER_PREFIX = new Endpoint("DELETE", request -> null);

  private final RouteTable table =
      new RouteTable(
          Map.of(
              "/healthz", HEALTHZ,
              "/metrics/*", JOBS,
              "/metrics/job/*", JOB,
              "/metrics/job/exact", EXACT_UNDER_PREFIX));

  @Test
  void anExactPathIsItsOwnPatternWithNoSubpath() {
    assertThat(table.match("/healthz")).isEqualTo(new RouteTable.Match("/healthz", HEALTHZ, ""));
    assertThat(table.match("/healthz/")).isNull();
    assertThat(table.match("/health")).isNull();
  }

  @Test
  void theLongestPrefixTakesAPathAndHandsItTheRest() {
    assertThat(table.match("/metrics/job/a/b%2Fc"))
        .isEqualTo(new RouteTable.Match("/metrics/job/*", JOB, "a/b%2Fc"));
    assertThat(table.match("/metrics/job/"))
        .isEqualTo(new RouteTable.Match("/metrics/job/*", JOB, ""));
    assertThat(table.match("/metrics/jobs"))
        .isEqualTo(new RouteTable.Match("/metrics/*", JOBS, "jobs"));
    assertThat(table.match("/metrics")).isNull();
  }

  @Test
  void anExactPathWinsOverAPrefix() {
    assertThat(table.match("/metrics/job/exact").endpoint()).isSameAs(EXACT_UNDER_PREFIX);
  }

  @Test
  void aStarAnywhereButAtTheEndIsRefused() {
    assertThatThrownBy(() -> new RouteTable(Map.of("/a/*/b", HEALTHZ)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RouteTable(Map.of("a", HEALTHZ)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
