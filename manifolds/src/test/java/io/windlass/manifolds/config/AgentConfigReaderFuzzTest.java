package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the agent config reader ({@link AgentConfigReader}) with near-valid configs (every section
 * and key, plausible and implausible values, block and flow style, then mutated) and arbitrary
 * bytes: it gives a config, or a {@link ConfigException} listing problems; nothing else.
 */
@Tag(FuzzSettings.TAG)
class AgentConfigReaderFuzzTest {

  private final AgentConfigReader reader = new AgentConfigReader(() -> "fuzz-host");

  /** A config, or the problems' text. */
  private Object read(byte[] file) throws Exception {
    return Bounded.call(
        () -> {
          try {
            return reader.parse("windlass.yaml", file);
          } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty();
            assertThat(e.getMessage()).startsWith("Agent configuration errors:");
            return e.getMessage();
          }
        });
  }

  @Test
  void readsNearValidConfigsOrListsTheirProblems() {
    FuzzRun.forAll(nearValidConfigs())
        .check(file -> assertThat(read(file)).as("reading twice").isEqualTo(read(file)));
  }

  @Test
  void readsArbitraryBytesOrListsTheirProblems() {
    FuzzRun.forAll(Gen.bytes(255)).check(this::read);
  }

  /** How a document nests, and how deep. */
  record Nesting(String open, int depth) {}

  @Test
  void refusesDeeplyNestedDocumentsWithAProblem() {
    FuzzRun.forAll(Gen.combine(nestings(), depths(), Nesting::new))
        .tries(10)
        .check(this::readsNested);
  }

  private void readsNested(Nesting nesting) throws Exception {
    String open = nesting.open();
    int depth = nesting.depth();
    String close = open.equals("[") ? "]" : open.equals("{") ? "}" : "";
    String text =
        open.equals("- ")
            ? "inputs:\n" + nestedList(depth)
            : "inputs: " + open.repeat(depth) + close.repeat(depth) + "\n";

    read(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String nestedList(int depth) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      text.append(" ".repeat(i)).append("-\n");
    }
    return text.toString();
  }

  static Gen<String> nestings() {
    return Gen.of("[", "{", "- ");
  }

  static Gen<Integer> depths() {
    return Gen.of(10, 999, 1001, 5000, 20_000);
  }

  static Gen<byte[]> nearValidConfigs() {
    return Mutations.ofBytes(configs().map(text -> text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Each section's keys and values to try for them, valid and not. */
  private static final Map<String, Map<String, List<String>>> SECTIONS =
      Map.of(
          "agent",
          Map.of(
              "tag", List.of("agent-1", "\"\"", "x y", "unit-foo-0", "~"),
              "data-dir", List.of("/var/lib/windlass", "./data", "\"\"", "[]")),
          "spool",
          Map.of(
              "max-bytes", List.of("512MiB", "1GB", "0", "-1", "12XB", "9999999999999999999TiB"),
              "max-batches", List.of("100000", "2147483648", "0", "1.5", "yes"),
              "max-age", List.of("7d", "PT1M30S", "0s", "-1s", "1y", "9223372036854775807d"),
              "overflow", List.of("drop-oldest", "reject-new", "drop-newest"),
              "declared-metrics",
                  List.of(
                      "[{name: \"disk.*\", kind: gauge}]",
                      "[{name: \"*\"}, {name: \"*\"}]",
                      "[{kind: counter}]",
                      "[{name: \"a..b\", kind: nope}]",
                      "{}")),
          "sockets",
          Map.of(
              "max-connections", List.of("64", "0", "-3", "1e3"),
              "max-line-length", List.of("64KiB", "64MiB", "65MiB", "0"),
              "timeout", List.of("3s", "0s", "PT-1S", "3"),
              "allowed-gid", List.of("0", "1000", "-1", "2147483648")),
          "sink",
          Map.of(
              "url", List.of("http://localhost:8428/api/v1/write", "ftp://x", "http://", "::"),
              "type", List.of("prometheus-remote-write", "json", "other"),
              "interval", List.of("10s", "0s", "1ms"),
              "jitter", List.of("1s", "-1s"),
              "concurrency", List.of("4", "0", "65"),
              "retry-min", List.of("1s", "10m"),
              "retry-max", List.of("5m", "1ms"),
              "max-request-bytes", List.of("4MiB", "0"),
              "headers", List.of("{X-Scope-OrgID: fleet}", "{Host: x}", "{\"bad name\": v}", "[]"),
              "bearer-token", List.of("secret", "\"a\\nb\"")),
          "status",
          Map.of(
              "enabled", List.of("true", "false", "maybe"),
              "listen", List.of("127.0.0.1:9465", "0.0.0.0:80", ":0", "host:99999", "[::1]:1"),
              "token", List.of("t0k3n", "\"\""),
              "max-body-bytes", List.of("16MiB", "0", "1TiB")),
          "inputs",
          Map.of(
              "",
              List.of(
                  "[]",
                  "[{type: cpu}]",
                  "[{type: cpu, per-cpu: true, interval: 1s, offset: 2s}]",
                  "[{type: disk, mounts: [/]}, {type: disk}]",
                  "[{type: dialcheck, host: localhost, port: 22}]",
                  "[{type: exec, command: [/bin/true], format: influx}]",
                  "[{type: exec, command: []}]",
                  "[{type: prometheus, url: \"http://localhost:9100/metrics\"}]",
                  "[{type: nope}]",
                  "[{type: net, interfaces: eth0, tags: {a: b}, prefix: x_}]")),
          "modules",
          Map.of("", List.of("[]", "[com.example.Module]", "[\"not a class\"]", "x")));

  static Gen<String> configs() {
    Gen<String> section =
        Gen.of(SECTIONS.keySet().stream().sorted().toList())
            .flatMap(
                name -> {
                  Map<String, List<String>> keys = SECTIONS.get(name);
                  if (keys.containsKey("")) {
                    return Gen.of(keys.get("")).map(value -> name + ": " + value + "\n");
                  }
                  Gen<String> entry =
                      Gen.of(keys.keySet().stream().sorted().toList())
                          .flatMap(key -> Gen.of(keys.get(key)).map(v -> key + ": " + v));
                  return Gen.combine(
                      entry.list(0, 4),
                      Gen.booleans(),
                      (entries, block) ->
                          block
                              ? name
                                  + ":\n"
                                  + String.join(
                                      "", entries.stream().map(e -> "  " + e + "\n").toList())
                              : name + ": {" + String.join(", ", entries) + "}\n");
                });
    Gen<String> extra =
        Gen.of("", "# a comment\n", "---\n", "sockts: {}\n", "agent: &a {tag: x}\nspool: *a\n");
    return Gen.combine(
        section.list(0, 5), extra, (sections, more) -> String.join("", sections) + more);
  }
}
