package io.windlass.spool.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping keys read from paths as the Prometheus Pushgateway (1.5) reads them. */
class GroupingKeyTest {

  @Test
  void theJobAndLabelsAreReadInTheirOrderPercentDecoded() {
    GroupingKey key = GroupingKey.parse("job/backup/instance/db%201/stage/nightly");

    assertThat(key.job()).isEqualTo("backup");
    assertThat(List.copyOf(key.labels().entrySet()))
        .containsExactly(
            Map.entry("job", "backup"),
            Map.entry("instance", "db 1"),
            Map.entry("stage", "nightly"));
  }

  @Test
  void base64UrlValuesMayHoldSlashesAndBeEmptyWithOrWithoutPadding() {
    GroupingKey key = GroupingKey.parse("job@base64/YS9i/path@base64/L3Zhci90bXA=/empty@base64/=");

    assertThat(key.labels())
        .containsExactly(
            Map.entry("job", "a/b"), Map.entry("path", "/var/tmp"), Map.entry("empty", ""));
  }

  @Test
  void aLabelGivenTwiceKeepsItsLastValueButTheJobItsFirst() {
    assertThat(GroupingKey.parse("job/j/a/1/job/k/a/2").labels())
        .containsExactly(Map.entry("job", "j"), Map.entry("a", "2"));
  }

  @Test
  void whatThePushgatewayRefusesIsRefusedSayingWhy() {
    assertThatThrownBy(() -> GroupingKey.parse("job/")).hasMessage("job name is required");
    assertThatThrownBy(() -> GroupingKey.parse("job@base64/=")).hasMessage("job name is required");
    assertThatThrownBy(() -> GroupingKey.parse("job/j/a"))
        .hasMessageContaining("odd number of components");
    assertThatThrownBy(() -> GroupingKey.parse("job/j/1a/v"))
        .hasMessage("improper label name \"1a\"");
    assertThatThrownBy(() -> GroupingKey.parse("job/j/__name__/v"))
        .hasMessage("improper label name \"__name__\"");
    assertThatThrownBy(() -> GroupingKey.parse("job/j//v")).hasMessage("improper label name \"\"");
    assertThatThrownBy(() -> GroupingKey.parse("job@base64/a+b/"))
        .hasMessageContaining("odd number of components");
    assertThatThrownBy(() -> GroupingKey.parse("job@base64/a+b"))
        .hasMessageContaining("invalid base64url encoding");
    assertThatThrownBy(() -> GroupingKey.parse("job/%zz")).hasMessageContaining("percent");
    assertThatThrownBy(() -> GroupingKey.parse("job/%ff")).hasMessageContaining("not UTF-8");
  }

  @Test
  void theKeysLabelsReplaceASamplesAndAnEmptyOneRemovesIt() {
    GroupingKey key = GroupingKey.parse("job/backup/instance/db-1/stage/");

    assertThat(key.applyTo(Map.of("job", "other", "stage", "x", "disk", "a")))
        .containsExactly(
            Map.entry("disk", "a"), Map.entry("instance", "db-1"), Map.entry("job", "backup"));
  }
}
