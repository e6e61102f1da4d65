package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.windlass.spool.ingest.SampleTimeBounds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code ingest} section: the bounds of pushed samples' timestamps. */
class IngestConfigTest {
  private final AgentConfigReader reader = new AgentConfigReader(() -> "host");

  private List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> reader.parse("windlass.yaml", yaml));
    assertThat(e).as("expected problems in:\n%s", yaml).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void byDefaultATimestampMayBeTenMinutesAheadAndTheSpoolsMaxAgeBehind() {
    AgentConfig config = reader.defaults();

    assertThat(config.ingest().maxAhead()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.ingest().maxBehind()).isEqualTo(Duration.ofDays(7));
    assertThat(config.ingest().timeBounds()).isEqualTo(SampleTimeBounds.defaults());
  }

  @Test
  void theLowerBoundFollowsSpoolMaxAgeUnlessItIsWritten() {
    AgentConfig followed = reader.parse("windlass.yaml", "spool:\n  max-age: 2d\n");
    AgentConfig written =
        reader.parse(
            "windlass.yaml",
            "spool:\n  max-age: 2d\ningest:\n  timestamps:\n    max-behind: 30d\n");

    assertThat(followed.ingest().maxBehind()).isEqualTo(Duration.ofDays(2));
    assertThat(written.ingest().maxBehind()).isEqualTo(Duration.ofDays(30));
    assertThat(written.ingest().maxAhead()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void everyKeyIsRead() {
    AgentConfig config =
        reader.parse(
            "windlass.yaml",
            """
            ingest:
              timestamps:
                max-ahead: 0s
                max-behind: 1h
            """);

    assertThat(config.ingest()).isEqualTo(new IngestSettings(Duration.ZERO, Duration.ofHours(1)));
    assertThat(config.ingest().timeBounds())
        .isEqualTo(new SampleTimeBounds(Duration.ZERO, Duration.ofHours(1)));
  }

  @Test
  void badValuesAreProblemsWithTheirPositions() {
    assertThat(
            problems(
                """
                ingest:
                  timestamps:
                    max-ahead: soon
                    max-behind: 0s
                    max-age: 1d
                """))
        .containsExactly(
            "windlass.yaml:3:16: ingest.timestamps.max-ahead: \"soon\" is not a duration (use"
                + " e.g. 500ms, 3s, 2m, 1h, 7d or PT1M30S)",
            "windlass.yaml:4:17: ingest.timestamps.max-behind: \"0s\" is too short: it must be"
                + " more than 0",
            "windlass.yaml:5:5: ingest.timestamps.max-age: unknown key (did you mean max-ahead?)");
  }

  @Test
  void theSectionAndItsTimestampsMustBeMappings() {
    assertThat(problems("ingest:\n  timestamps: 10m\n  max-ahead: 10m\n"))
        .containsExactly(
            "windlass.yaml:2:15: ingest.timestamps: must be a mapping of timestamp bounds"
                + " (max-ahead, max-behind), not text",
            "windlass.yaml:3:3: ingest.max-ahead: unknown key (expected one of timestamps)");
  }
}
