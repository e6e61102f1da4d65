package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.collect.ImmutableMap;
import io.windlass.manifolds.demo.DemoSettings;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricKind;
import io.windlass.spool.OverflowPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigReaderTest {
  private final AgentConfigReader reader = new AgentConfigReader(() -> "db-01.example.com");

  @TempDir Path dir;

  private List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> reader.parse("windlass.yaml", yaml));
    assertThat(e).as("a ConfigException for:\n%s", yaml).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AgentConfigReaderTest.class.getResourceAsStream(name)) {
      assertThat(in).as("resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // --- Defaults -----------------------------------------------------------------------------

  // --- Demo ---------------------------------------------------------------------------------

  @Test
  void theDemoSectionSetsTheTickersPaceAndWhenItFails() {
    AgentConfig config =
        reader.parse("windlass.yaml", "demo:\n  tick-interval: 200ms\n  fail-every: 3\n");

    assertThat(config.demo()).isEqualTo(new DemoSettings(Duration.ofMillis(200), 3));
    assertThat(reader.defaults().demo())
        .as("by default the demo ticks every second and never fails")
        .isEqualTo(new DemoSettings(Duration.ofSeconds(1), 0));
  }

  @Test
  void theDemoSectionsProblemsAreEachNamedWithTheirKeyAndLimit() {
    assertThat(problems("demo:\n  tick-interval: 0s\n  fail-every: -1\n  fail-evry: 3\n"))
        .containsExactly(
            "windlass.yaml:2:18: demo.tick-interval: \"0s\" is too short: it must be more than 0",
            "windlass.yaml:3:15: demo.fail-every: \"-1\" is too small: it must be at least 0",
            "windlass.yaml:4:3: demo.fail-evry: unknown key (did you mean fail-every?)");
    assertThat(problems("demo:\n  fail-every: 1000001\n"))
        .containsExactly(
            "windlass.yaml:2:15: demo.fail-every: \"1000001\" is too large: it must be at most"
                + " 1000000");
    assertThat(problems("demo:\n  fail-every: often\n"))
        .containsExactly("windlass.yaml:2:15: demo.fail-every: \"often\" is not a whole number");
    assertThat(reader.parse("windlass.yaml", "demo:\n  fail-every: 1000000\n").demo().failEvery())
        .as("the limit itself")
        .isEqualTo(DemoSettings.MAX_FAIL_EVERY);
  }

  @Test
  void withNoFileEveryKeyHasItsDefault() {
    AgentConfig config = reader.defaults();

    assertThat(config.agent().tag()).isEqualTo("agent-db-01.example.com");
    assertThat(config.agent().dataDir()).isEqualTo(Path.of("./windlass-data"));
    assertThat(config.spool().maxBytes()).isEqualTo(ByteSize.ofMiB(512));
    assertThat(config.spool().maxBatches()).isEqualTo(100_000);
    assertThat(config.spool().maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(config.spool().overflow()).isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThat(config.spool().declaredMetrics()).isEqualTo(DeclaredMetrics.any());
    assertThat(config.sockets()).isEqualTo(SocketSettings.defaults());
    assertThat(config.sockets().maxConnections()).isEqualTo(64);
    assertThat(config.sockets().maxLineLength()).isEqualTo(ByteSize.ofKiB(64));
    assertThat(config.sockets().timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.sockets().allowedGid()).isEmpty();
  }

  @Test
  void anEmptyFileACommentOnlyFileAndEmptySectionsMeanTheDefaults() {
    AgentConfig defaults = reader.defaults();

    assertThat(reader.parse("windlass.yaml", "")).isEqualTo(defaults);
    assertThat(reader.parse("windlass.yaml", "# nothing set\n")).isEqualTo(defaults);
    assertThat(reader.parse("windlass.yaml", "agent:\nspool:\nsockets: {}\n")).isEqualTo(defaults);
    assertThat(reader.parse("windlass.yaml", "~\n")).isEqualTo(defaults);
  }

  @Test
  void theShippedExampleSetsEveryKeyToItsDefault() throws IOException {
    String example = resource("windlass-example.yaml");

    assertThat(reader.parse("windlass-example.yaml", example)).isEqualTo(reader.defaults());
  }

  @Test
  void theDefaultTagIsMadeSafeFromAnyHostName() {
    assertThat(new AgentConfigReader(() -> "my host/1").defaults().agent().tag())
        .isEqualTo("agent-my-host-1");
    assertThat(new AgentConfigReader(() -> " ").defaults().agent().tag())
        .isEqualTo("agent-localhost");
    assertThat(new AgentConfigReader(() -> "h".repeat(300)).defaults().agent().tag())
        .hasSize(AgentSettings.MAX_TAG_LENGTH);
    assertThat(new AgentConfigReader().defaults().agent().tag()).startsWith("agent-");
  }

  @Test
  void partialSectionsKeepTheDefaultsOfWhatTheyLeaveOut() {
    AgentConfig config = reader.parse("windlass.yaml", "spool:\n  max-age: 2h\n");

    assertThat(config.spool().maxAge()).isEqualTo(Duration.ofHours(2));
    assertThat(config.spool().maxBytes()).isEqualTo(SpoolSettings.DEFAULT_MAX_BYTES);
    assertThat(config.agent()).isEqualTo(reader.defaults().agent());
  }

  // --- Values -------------------------------------------------------------------------------

  @Test
  void readsEveryKey() {
    AgentConfig config =
        reader.parse(
            "windlass.yaml",
            """
            agent:
              tag: unit-mysql-0
              data-dir: /var/lib/windlass
            spool:
              max-bytes: 1GB
              max-batches: 5_000
              max-age: PT36H
              overflow: reject-new
              declared-metrics:
                - {name: "disk.*", kind: gauge}
                - name: net.bytes-sent
                  kind: counter
                - name: jobs
            sockets:
              max-connections: 8
              max-line-length: 4096
              timeout: 500ms
              allowed-gid: 1001
            """);

    assertThat(config.agent())
        .isEqualTo(new AgentSettings("unit-mysql-0", Path.of("/var/lib/windlass")));
    assertThat(config.spool())
        .isEqualTo(
            new SpoolSettings(
                ByteSize.ofBytes(1_000_000_000),
                5_000,
                Duration.ofHours(36),
                OverflowPolicy.REJECT_NEW,
                DeclaredMetrics.of(
                    ImmutableMap.of(
                        "disk.*", MetricKind.GAUGE,
                        "net.bytes-sent", MetricKind.COUNTER,
                        "jobs", MetricKind.GAUGE))));
    assertThat(config.sockets())
        .isEqualTo(
            new SocketSettings(
                8, ByteSize.ofBytes(4096), Duration.ofMillis(500), OptionalInt.of(1001)));
  }

  @Test
  void binaryBatchesAreOnUnlessTurnedOff() {
    assertThat(reader.parse("windlass.yaml", "spool:\n  max-bytes: 1GiB\n").spool().binaryBatches())
        .isTrue();
    assertThat(
            reader
                .parse("windlass.yaml", "spool:\n  binary-batches: false\n")
                .spool()
                .binaryBatches())
        .isFalse();
    assertThat(problems("spool:\n  binary-batches: maybe\n")).hasSize(1);
  }

  @Test
  void maxBatchBytesDefaultsTo64MiBOrMaxBytesIfSmaller() {
    assertThat(reader.parse("windlass.yaml", "spool:\n  max-bytes: 1GiB\n").spool().maxBatchBytes())
        .isEqualTo(ByteSize.ofMiB(64));
    assertThat(reader.parse("windlass.yaml", "spool:\n  max-bytes: 1MiB\n").spool().maxBatchBytes())
        .isEqualTo(ByteSize.ofMiB(1));
    assertThat(
            reader
                .parse("windlass.yaml", "spool:\n  max-bytes: 1MiB\n  max-batch-bytes: 4KiB\n")
                .spool()
                .maxBatchBytes())
        .isEqualTo(ByteSize.ofKiB(4));
  }

  @Test
  void numbersAndQuotedNumbersAreReadAlike() {
    AgentConfig config =
        reader.parse(
            "windlass.yaml",
            "agent: {tag: 12345}\nspool: {max-bytes: \"2048\", max-batches: \"7\"}\n");

    assertThat(config.agent().tag()).isEqualTo("12345");
    assertThat(config.spool().maxBytes()).isEqualTo(ByteSize.ofKiB(2));
    assertThat(config.spool().maxBatches()).isEqualTo(7);
  }

  @Test
  void configsThatMeanTheSameAreEqualHoweverTheyAreWritten() {
    AgentConfig a = reader.parse("a.yaml", "spool:\n  max-bytes: 1GiB\n  max-age: 1d\n");
    AgentConfig b =
        reader.parse("b.yaml", "# reformatted\nspool: {max-age: PT24H, max-bytes: 1073741824}\n");

    assertThat(a).isEqualTo(b);
  }

  @Test
  void theDataDirCanBeReplaced() {
    AgentConfig config = reader.parse("windlass.yaml", "agent: {tag: a, data-dir: /from/file}\n");

    AgentConfig moved = config.withDataDir(Path.of("/from/option"));

    assertThat(moved.agent()).isEqualTo(new AgentSettings("a", Path.of("/from/option")));
    assertThat(moved.spool()).isEqualTo(config.spool());
  }

  // --- One message per rule -----------------------------------------------------------------

  static Stream<Arguments> oneProblemEach() {
    return Stream.of(
        Arguments.of(
            "agent:\n  tag: \"\"\n", "windlass.yaml:2:8: agent.tag: \"\" must not be empty"),
        Arguments.of(
            "agent:\n  tag: -x\n",
            "windlass.yaml:2:8: agent.tag: \"-x\" must start with a letter or digit and contain"
                + " only letters, digits, '.', '_' and '-'"),
        Arguments.of(
            "agent:\n  tag: " + "t".repeat(129) + "\n",
            "windlass.yaml:2:8: agent.tag: \""
                + "t".repeat(57)
                + "...\" is longer than 128 characters"),
        Arguments.of(
            "agent:\n  tag: yes\n",
            "windlass.yaml:2:8: agent.tag: yes is read as a boolean; quote it (\"yes\") to use it"
                + " as text"),
        Arguments.of(
            "agent:\n  tag: [a, b]\n",
            "windlass.yaml:2:8: agent.tag: must be a tag (e.g. agent-db-01), not a list"),
        Arguments.of(
            "agent:\n  tag:\n",
            "windlass.yaml:2:7: agent.tag: has no value; write a tag (e.g. agent-db-01), or leave"
                + " the key out for the default"),
        Arguments.of(
            "agent:\n  data-dir: ~/windlass\n",
            "windlass.yaml:2:13: agent.data-dir: \"~/windlass\" starts with ~, which is not"
                + " expanded: write the full path"),
        Arguments.of(
            "agent:\n  data-dir: \" \"\n",
            "windlass.yaml:2:13: agent.data-dir: \"\" is not a path: it must not be empty"),
        Arguments.of(
            "agent:\n  data-dir: \"a\\0b\"\n",
            "windlass.yaml:2:13: agent.data-dir: \"a\\u0000b\" is not a path: Nul character not"
                + " allowed"),
        Arguments.of(
            "spool:\n  max-bytes: 12XB\n",
            "windlass.yaml:2:14: spool.max-bytes: \"12XB\" is not a size (use e.g. 512MiB)"),
        Arguments.of(
            "spool:\n  max-bytes: 1MiB\n  max-batch-bytes: 2MiB\n",
            "windlass.yaml:3:20: spool.max-batch-bytes: 2MiB is more than max-bytes (1MiB): one"
                + " batch must fit in the spool"),
        Arguments.of(
            "spool:\n  max-batch-bytes: 0\n",
            "windlass.yaml:2:20: spool.max-batch-bytes: \"0\" is too small: it must be at least"
                + " 1B"),
        Arguments.of(
            "spool:\n  max-bytes: 0\n",
            "windlass.yaml:2:14: spool.max-bytes: \"0\" is too small: it must be at least 1B"),
        Arguments.of(
            "spool:\n  max-bytes: true\n",
            "windlass.yaml:2:14: spool.max-bytes: true is read as a boolean; this must be a size"
                + " (e.g. 512MiB)"),
        Arguments.of(
            "spool:\n  max-bytes: {a: 1}\n",
            "windlass.yaml:2:14: spool.max-bytes: must be a size (e.g. 512MiB), not a mapping"),
        Arguments.of(
            "spool:\n  max-batches: 1.5\n",
            "windlass.yaml:2:16: spool.max-batches: \"1.5\" is not a whole number"),
        Arguments.of(
            "spool:\n  max-batches: -1\n",
            "windlass.yaml:2:16: spool.max-batches: \"-1\" is too small: it must be at least 1"),
        Arguments.of(
            "spool:\n  max-batches: 3000000000\n",
            "windlass.yaml:2:16: spool.max-batches: \"3000000000\" is too large: it must"
                + " be at most 2147483647"),
        Arguments.of(
            "spool:\n  max-age: 7\n",
            "windlass.yaml:2:12: spool.max-age: \"7\" is not a duration: it has no unit (use e.g."
                + " 7s)"),
        Arguments.of(
            "spool:\n  max-age: 0d\n",
            "windlass.yaml:2:12: spool.max-age: \"0d\" is too short: it must be more than 0"),
        Arguments.of(
            "spool:\n  max-age: a week\n",
            "windlass.yaml:2:12: spool.max-age: \"a week\" is not a duration (use e.g. 500ms, 3s,"
                + " 2m, 1h, 7d or PT1M30S)"),
        Arguments.of(
            "spool:\n  overflow: drop_oldest\n",
            "windlass.yaml:2:13: spool.overflow: \"drop_oldest\" is not one of drop-oldest,"
                + " reject-new (did you mean drop-oldest?)"),
        Arguments.of(
            "spool:\n  overflow: block\n",
            "windlass.yaml:2:13: spool.overflow: \"block\" is not one of drop-oldest, reject-new"),
        Arguments.of(
            "spool:\n  declared-metrics: disk.*\n",
            "windlass.yaml:2:21: spool.declared-metrics: must be a list of {name, kind} entries,"
                + " not text"),
        Arguments.of(
            "spool:\n  declared-metrics: []\n",
            "windlass.yaml:2:21: spool.declared-metrics: is empty; declare at least one metric, or"
                + " leave the key out to accept any metric"),
        Arguments.of(
            "spool:\n  declared-metrics:\n",
            "windlass.yaml:2:20: spool.declared-metrics: has no value; write a list of {name, kind}"
                + " entries, or leave the key out to accept any metric"),
        Arguments.of(
            "spool:\n  declared-metrics: [disk.used]\n",
            "windlass.yaml:2:22: spool.declared-metrics[0]: must be a mapping {name, kind}, not"
                + " text"),
        Arguments.of(
            "spool:\n  declared-metrics:\n    - {kind: gauge}\n",
            "windlass.yaml:3:7: spool.declared-metrics[0].name: is missing"),
        Arguments.of(
            "spool:\n  declared-metrics:\n    - {name: \"disk used\"}\n",
            "windlass.yaml:3:14: spool.declared-metrics[0].name: \"disk used\" is not a metric"
                + " name: use dot-separated parts of letters, digits, '_', '-', ':' and '*'"
                + " wildcards (e.g. disk.*)"),
        Arguments.of(
            "spool:\n  declared-metrics:\n    - {name: \"disk.*.used\"}\n",
            "windlass.yaml:3:14: spool.declared-metrics[0].name: \"disk.*.used\" is not a metric"
                + " pattern: '*' may only end it, and matches the rest of the name (e.g. disk.*)"),
        Arguments.of(
            "spool:\n  declared-metrics:\n    - {name: " + "m".repeat(256) + "}\n",
            "windlass.yaml:3:14: spool.declared-metrics[0].name: "
                + ConfigProblem.quote("m".repeat(256))
                + " is not a metric name: it is longer than 255 characters"),
        Arguments.of(
            "spool:\n  declared-metrics:\n    - {name: a, kind: gague}\n",
            "windlass.yaml:3:23: spool.declared-metrics[0].kind: \"gague\" is not one of gauge,"
                + " absolute, counter (did you mean gauge?)"),
        Arguments.of(
            "spool:\n  declared-metrics:\n    - {name: a}\n    - {name: a, kind: counter}\n",
            "windlass.yaml:4:7: spool.declared-metrics[1].name: \"a\" is already declared (line"
                + " 3)"),
        Arguments.of(
            "sockets:\n  max-connections: 0\n",
            "windlass.yaml:2:20: sockets.max-connections: \"0\" is too small: it must be at least"
                + " 1"),
        Arguments.of(
            "sockets:\n  max-connections: 3000000000\n",
            "windlass.yaml:2:20: sockets.max-connections: \"3000000000\" is too large: it must be"
                + " at most 2147483647"),
        Arguments.of(
            "sockets:\n  max-line-length: 1GiB\n",
            "windlass.yaml:2:20: sockets.max-line-length: \"1GiB\" is too large: it must be at"
                + " most 64MiB"),
        Arguments.of(
            "sockets:\n  max-line-length: 512M\n",
            "windlass.yaml:2:20: sockets.max-line-length: \"512M\" is not a size: write 512MiB"
                + " (powers of 1024) or 512MB (powers of 1000)"),
        Arguments.of(
            "sockets:\n  timeout: 3 sec\n",
            "windlass.yaml:2:12: sockets.timeout: \"3 sec\" is not a duration: unknown unit \"sec\""
                + " (use e.g. 500ms, 3s, 2m, 1h, 7d or PT1M30S)"),
        Arguments.of(
            "sockets:\n  allowed-gid: -1\n",
            "windlass.yaml:2:16: sockets.allowed-gid: \"-1\" is too small: it must be at least 0"),
        Arguments.of(
            "sockets:\n  allowed-gid: wheel\n",
            "windlass.yaml:2:16: sockets.allowed-gid: \"wheel\" is not a whole number"),
        Arguments.of(
            "spool: 5\n",
            "windlass.yaml:1:8: spool: must be a mapping of spool settings (max-bytes,"
                + " max-batches, ...), not a number"),
        Arguments.of(
            "- agent\n",
            "windlass.yaml:1:1: must be a mapping of sections (agent, spool, sockets, inputs, sink, status,"
                + " ingest, modules, demo), not a"
                + " list"));
  }

  @Test
  void declaredMetricsAreTheSpoolsDeclarationsExactNamesBeforePatterns() {
    AgentConfig config =
        reader.parse(
            "windlass.yaml",
            """
            spool:
              declared-metrics:
                - {name: "net.*", kind: absolute}
                - {name: net.bytes-sent, kind: counter}
            """);

    DeclaredMetrics declared = config.spool().declaredMetrics();
    assertThat(declared.kindOf("net.bytes-sent")).isEqualTo(MetricKind.COUNTER);
    assertThat(declared.kindOf("net.packets")).isEqualTo(MetricKind.ABSOLUTE);
    assertThat(declared.kindOf("disk.used")).isNull();
    assertThat(declared.declarations().keySet()).containsExactly("net.*", "net.bytes-sent");
  }

  @ParameterizedTest
  @MethodSource
  void oneProblemEach(String yaml, String problem) {
    assertThat(problems(yaml)).containsExactly(problem);
  }

  // --- Unknown keys -------------------------------------------------------------------------

  @Test
  void anUnknownKeyIsAnErrorWithTheClosestKnownKeySuggestedOrElseTheKnownKeysListed() {
    assertThat(problems("spool:\n  max-size: 1GiB\n  maxBytes: 1GiB\n"))
        .containsExactly(
            "windlass.yaml:2:3: spool.max-size: unknown key (expected one of max-bytes,"
                + " max-batches, max-age, overflow, max-batch-bytes, binary-batches,"
                + " declared-metrics)",
            "windlass.yaml:3:3: spool.maxBytes: unknown key (did you mean max-bytes?)");
  }

  @Test
  void anUnknownKeyInASmallSectionListsItsKeys() {
    assertThat(problems("agent:\n  hostname: db\n"))
        .containsExactly(
            "windlass.yaml:2:3: agent.hostname: unknown key (expected one of tag, data-dir, metric-naming)");
  }

  @Test
  void anUnknownSectionIsAnErrorWithTheClosestSectionSuggested() {
    assertThat(problems("spol:\n  max-age: 1d\ncolour: blue\n"))
        .containsExactly(
            "windlass.yaml:1:1: spol: unknown section (did you mean spool?)",
            "windlass.yaml:3:1: colour: unknown section (expected one of agent, spool, sockets,"
                + " inputs, sink, status, ingest, modules, demo)");
  }

  @Test
  void anUnknownKeyInADeclaredMetricIsAnError() {
    assertThat(problems("spool:\n  declared-metrics:\n    - {name: a, type: gauge}\n"))
        .containsExactly(
            "windlass.yaml:3:17: spool.declared-metrics[0].type: unknown key (expected one of"
                + " name, kind)");
  }

  // --- YAML itself ---------------------------------------------------------------------------

  @Test
  void invalidYamlIsOneProblemAtTheSyntaxError() {
    assertThat(problems("spool:\n  max-bytes: [1GiB\n"))
        .containsExactly(
            "windlass.yaml:3:1: not valid YAML: expected ',' or ']', but got <stream end> (while"
                + " parsing a flow sequence at 2:14)");
    assertThat(problems("agent: tag: x\n"))
        .containsExactly("windlass.yaml:1:11: not valid YAML: mapping values are not allowed here");
  }

  @Test
  void aKeyWrittenTwiceIsAnErrorAndTheRestIsStillChecked() {
    assertThat(problems("spool:\n  max-age: 1d\n  max-age: 2d\n  overflow: none\n"))
        .containsExactly(
            "windlass.yaml:3:3: spool.max-age: is written twice (first at line 2)",
            "windlass.yaml:4:13: spool.overflow: \"none\" is not one of drop-oldest, reject-new");
  }

  @Test
  void aliasesAreRefused() {
    assertThat(problems("spool:\n  max-age: &week 7d\nsockets:\n  timeout: *week\n"))
        .containsExactly(
            "windlass.yaml:4:12: sockets.timeout: YAML aliases (*week) are not supported; write"
                + " the value out in full",
            "windlass.yaml:4:12: sockets.timeout: \"week\" is not a duration (use e.g. 500ms, 3s,"
                + " 2m, 1h, 7d or PT1M30S)");
  }

  @Test
  void aSecondDocumentIsAnError() {
    assertThat(problems("spool: {max-age: 1d}\n---\nspool: {max-age: 2d}\n"))
        .containsExactly(
            "windlass.yaml:3:1: a second YAML document starts here; a config is a single"
                + " document");
  }

  // --- Files ----------------------------------------------------------------------------------

  @Test
  void readsAFileAndNamesItInProblems() throws IOException {
    Path file = dir.resolve("windlass.yaml");
    Files.writeString(file, "\uFEFFspool:\n  max-batches: 10\n  overflow: nope\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems().get(0).toString())
        .isEqualTo(file + ":3:13: spool.overflow: \"nope\" is not one of drop-oldest, reject-new");

    Files.writeString(file, "spool:\n  max-batches: 10\n");
    assertThat(reader.read(file).spool().maxBatches()).isEqualTo(10);
  }

  @Test
  void aFileThatCannotBeReadIsOneProblemWithoutPosition() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    Path large = dir.resolve("large.yaml");
    Files.writeString(large, "#".repeat(AgentConfigReader.MAX_FILE_BYTES + 1));
    Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

    assertThat(readProblems(missing)).containsExactly(missing + ": cannot read: no such file");
    assertThat(readProblems(dir)).containsExactly(dir + ": cannot read: it is a directory");
    assertThat(readProblems(large)).containsExactly(large + ": is larger than 1MiB");
    assertThat(readProblems(binary)).containsExactly(binary + ": is not UTF-8 text");
  }

  private List<String> readProblems(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> reader.read(file));
    assertThat(e).as("a ConfigException reading %s", file).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  // --- All at once -----------------------------------------------------------------------------

  /** The report for a config with many mistakes is pinned in {@code many-problems.txt}. */
  @Test
  void everyProblemIsReportedAtOnceNumberedWithItsPosition() throws IOException {
    String yaml = resource("many-problems.yaml");
    String expected = resource("many-problems.txt").stripTrailing();

    assertThatThrownBy(() -> reader.parse("windlass.yaml", yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expected);
  }

  @Test
  void oneProblemIsReportedAsOneError() {
    assertThatThrownBy(() -> reader.parse("windlass.yaml", "spool:\n  max-bytes: 12XB\n"))
        .hasMessage(
            """
            Agent configuration errors:

            1) windlass.yaml:2:14: spool.max-bytes: "12XB" is not a size (use e.g. 512MiB)

            1 error""");
  }
}
