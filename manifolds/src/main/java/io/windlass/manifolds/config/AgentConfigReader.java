package io.windlass.manifolds.config;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMap;
import io.windlass.manifolds.demo.DemoSettings;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricKind;
import io.windlass.spool.OverflowPolicy;
import io.windlass.spool.sender.SenderSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code windlass.yaml} into an {@link AgentConfig}, reporting every problem at
 * once, each with its line, column and key path, in a {@link ConfigException}.
 *
 * <p>Every key has a default, so an empty document (or no file at all: {@link #defaults()}) is a
 * complete config. Keys are checked strictly: an unknown key or section is an error, with a "did
 * you mean" suggestion when a known one is close, so that a misspelt key is never silently ignored.
 *
 * <p>The top level is a mapping of sections: {@code agent}, {@code spool}, {@code sockets}, {@code
 * inputs}, {@code sink}, {@code status}, {@code ingest}, {@code modules} and {@code demo}. A new
 * section is a new record component of {@link AgentConfig}, a {@code read…} method here, and its
 * name in {@link #SECTIONS}.
 */
public final class AgentConfigReader {

  /** The sections this version reads, in the order the config documents them. */
  public static final List<String> SECTIONS =
      List.of("agent", "spool", "sockets", "inputs", "sink", "status", "ingest", "modules", "demo");

  /** Sections reserved for later versions, with what each will hold. */
  static final Map<String, String> RESERVED = ImmutableMap.of();

  /** What a module class name looks like: a Java binary name. */
  static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

  /**
   * What a declared metric name may look like: dot-separated parts of letters, digits, {@code _},
   * {@code -} and {@code :}, each starting with a letter or {@code _}; a pattern ends in {@code *}
   * ({@code disk.*}, {@code *}). The spool's own rules ({@link DeclaredMetrics#of}) apply too.
   */
  static final Pattern DECLARED_NAME =
      Pattern.compile("[A-Za-z_*][A-Za-z0-9_:*-]*(\\.[A-Za-z_*][A-Za-z0-9_:*-]*)*");

  /** The longest declared metric name: the spool's longest metric key. */
  static final int MAX_DECLARED_NAME_LENGTH = 255;

  /** The largest config file read; anything longer is surely not a config. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private static final Supplier<String> SYSTEM_HOST_NAME =
      Suppliers.memoize(AgentConfigReader::systemHostName);

  private final Supplier<String> hostName;

  /** A reader whose default tag names this host. */
  public AgentConfigReader() {
    this(SYSTEM_HOST_NAME);
  }

  /** A reader whose default tag is {@code agent-} and what {@code hostName} gives. */
  public AgentConfigReader(Supplier<String> hostName) {
    this.hostName = hostName;
  }

  /** The config when there is no file: every default. */
  public AgentConfig defaults() {
    return parse("(defaults)", "");
  }

  /**
   * Reads {@code file}; problems name it as it is written here.
   *
   * @throws ConfigException if the file cannot be read or has any problem
   */
  public AgentConfig read(Path file) {
    return parse(file.toString(), readBytes(file));
  }

  /**
   * The bytes of {@code file}, for a caller that wants to compare them before parsing.
   *
   * @throws ConfigException if it cannot be read or is larger than {@link #MAX_FILE_BYTES}
   */
  public static byte[] readBytes(Path file) {
    String source = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw problem(source, "cannot read: it is a directory");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw problem(source, "is larger than " + ByteSize.ofBytes(MAX_FILE_BYTES));
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > MAX_FILE_BYTES) {
        throw problem(source, "is larger than " + ByteSize.ofBytes(MAX_FILE_BYTES));
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw problem(source, "cannot read: no such file");
    } catch (AccessDeniedException e) {
      throw problem(source, "cannot read: permission denied");
    } catch (IOException e) {
      throw problem(source, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses a config file's {@code content}, which must be UTF-8.
   *
   * @param source how problems name the file
   * @throws ConfigException listing every problem
   */
  public AgentConfig parse(String source, byte[] content) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      throw problem(source, "is not UTF-8 text");
    }
    return parse(source, text);
  }

  /**
   * Parses a config's YAML {@code text}.
   *
   * @param source how problems name the file
   * @throws ConfigException listing every problem
   */
  public AgentConfig parse(String source, String text) {
    ConfigProblems problems = new ConfigProblems(source);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    YamlTree.Node root = YamlTree.read(text, problems);
    if (root == null) {
      // Empty, or not valid YAML: then the syntax problem is the only one worth reporting.
      problems.throwIfAny();
    }
    MappingReader top =
        MappingReader.of(
            problems, "", root, "a mapping of sections (" + String.join(", ", SECTIONS) + ")");
    AgentSettings agent =
        readAgent(
            MappingReader.of(
                problems,
                "agent",
                top.node("agent").orElse(null),
                "a mapping of agent settings (tag, data-dir)"));
    SpoolSettings spool =
        readSpool(
            MappingReader.of(
                problems,
                "spool",
                top.node("spool").orElse(null),
                "a mapping of spool settings (max-bytes, max-batches, ...)"));
    SocketSettings sockets =
        readSockets(
            MappingReader.of(
                problems,
                "sockets",
                top.node("sockets").orElse(null),
                "a mapping of socket settings (max-connections, timeout, ...)"));
    List<InputSpec> inputs = readInputs(top);
    SinkSettings sink =
        readSink(
            MappingReader.of(
                problems,
                "sink",
                top.node("sink").orElse(null),
                "a mapping of sink settings (type, url, ...)"));
    StatusSettings status =
        readStatus(
            MappingReader.of(
                problems,
                "status",
                top.node("status").orElse(null),
                "a mapping of status server settings (listen, token, ...)"));
    IngestSettings ingest =
        readIngest(
            MappingReader.of(
                problems,
                "ingest",
                top.node("ingest").orElse(null),
                "a mapping of ingest settings (timestamps)"),
            spool);
    List<String> modules =
        readList(top, "modules", MODULE_CLASS, "a list of manifold module class names")
            .orElse(List.of());
    DemoSettings demo =
        readDemo(
            MappingReader.of(
                problems,
                "demo",
                top.node("demo").orElse(null),
                "a mapping of demo settings (tick-interval, fail-every)"));
    top.reportUnknownKeys("section", RESERVED);
    problems.throwIfAny();
    return new AgentConfig(agent, spool, sockets, inputs, sink, status, modules, ingest, demo);
  }

  private static final ScalarType<String> MODULE_CLASS =
      ScalarType.text()
          .map(
              "a class name (e.g. com.example.MyManifoldModule)",
              text -> {
                if (!CLASS_NAME.matcher(text).matches()) {
                  throw new IllegalArgumentException(
                      ConfigProblem.quote(text)
                          + " is not a class name (e.g. com.example.MyManifoldModule)");
                }
                return text;
              });

  private static final ScalarType<java.net.URI> HTTP_URL =
      ScalarType.text()
          .map(
              "an http or https URL",
              text -> {
                try {
                  return SinkSettings.checkUrl(new java.net.URI(text));
                } catch (java.net.URISyntaxException e) {
                  throw new IllegalArgumentException(
                      ConfigProblem.quote(text) + " is not a URL: " + e.getReason());
                }
              });

  private static final ScalarType<java.net.InetSocketAddress> LISTEN_ADDRESS =
      ScalarType.text().map("host:port (e.g. 127.0.0.1:9465)", AgentConfigReader::listenAddress);

  /**
   * Parses {@code host:port} ({@code [v6]:port} for IPv6) into a resolved address.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static java.net.InetSocketAddress listenAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(text) + " is not host:port (e.g. 127.0.0.1:9465)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(text) + " has no port from 0 to 65535 after the last ':'");
    }
    try {
      return new java.net.InetSocketAddress(InetAddress.getByName(host), port);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(text) + " names a host that does not resolve: " + host);
    }
  }

  private static SinkSettings readSink(MappingReader section) {
    SinkType type =
        section.value(
            "type",
            SinkSettings.DEFAULT_TYPE,
            ScalarType.oneOf(SinkType.values(), SinkType::label));
    Optional<java.net.URI> url = section.optional("url", HTTP_URL);
    Duration interval =
        section.value("interval", SinkSettings.DEFAULT_INTERVAL, ScalarType.positiveDuration());
    Duration jitter = section.value("jitter", SinkSettings.DEFAULT_JITTER, ScalarType.duration());
    Duration timeout =
        section.value("timeout", SinkSettings.DEFAULT_TIMEOUT, ScalarType.positiveDuration());
    long maxMetrics =
        section.value(
            "max-request-metrics",
            (long) SinkSettings.DEFAULT_MAX_REQUEST_METRICS,
            ScalarType.wholeNumber(1, 1_000_000));
    ByteSize maxBytes =
        section.value(
            "max-request-bytes",
            SinkSettings.DEFAULT_MAX_REQUEST_BYTES,
            ScalarType.size(ByteSize.ofKiB(1), SinkSettings.MAX_REQUEST_BYTES_LIMIT));
    long concurrency =
        section.value(
            "concurrency",
            (long) SinkSettings.DEFAULT_CONCURRENCY,
            ScalarType.wholeNumber(1, SinkSettings.MAX_CONCURRENCY));
    Duration retryMin =
        section.value("retry-min", SinkSettings.DEFAULT_RETRY_MIN, ScalarType.positiveDuration());
    Duration retryMax =
        section.value("retry-max", SinkSettings.DEFAULT_RETRY_MAX, ScalarType.positiveDuration());
    Optional<String> token = section.optional("bearer-token", TOKEN);
    Map<String, String> headers =
        sendableHeaders(section, readStringMap(section, "headers", "header names to values"));
    section.reportUnknownKeys("key", Map.of());
    if (retryMax.compareTo(retryMin) < 0) {
      section.problem(
          section.node("retry-max").map(YamlTree.Node::position).orElse(section.position()),
          section.pathOf("retry-max"),
          DurationText.format(retryMax)
              + " must not be shorter than retry-min "
              + DurationText.format(retryMin));
      retryMax = retryMin;
    }
    return new SinkSettings(
        type,
        url,
        interval,
        jitter,
        timeout,
        (int) maxMetrics,
        maxBytes,
        (int) concurrency,
        retryMin,
        retryMax,
        token,
        headers);
  }

  private static final ScalarType<String> TOKEN =
      ScalarType.text()
          .map(
              "a token",
              text -> {
                if (text.isBlank() || text.chars().anyMatch(c -> c <= ' ' || c == 127)) {
                  throw new IllegalArgumentException(
                      "must be non-blank, without spaces or control characters");
                }
                return text;
              });

  private static IngestSettings readIngest(MappingReader section, SpoolSettings spool) {
    YamlTree.Node node = section.node("timestamps").orElse(null);
    MappingReader timestamps =
        section.nested(
            section.pathOf("timestamps"),
            node,
            "a mapping of timestamp bounds (max-ahead, max-behind)");
    IngestSettings defaults = IngestSettings.defaults(spool.maxAge());
    Duration maxAhead = timestamps.value("max-ahead", defaults.maxAhead(), ScalarType.duration());
    Duration maxBehind =
        timestamps.value("max-behind", defaults.maxBehind(), ScalarType.positiveDuration());
    timestamps.reportUnknownKeys("key", Map.of());
    section.reportUnknownKeys("key", Map.of());
    return new IngestSettings(maxAhead, maxBehind);
  }

  private static StatusSettings readStatus(MappingReader section) {
    boolean enabled = section.value("enabled", true, ScalarType.bool());
    java.net.InetSocketAddress listen =
        section.value("listen", StatusSettings.DEFAULT_LISTEN, LISTEN_ADDRESS);
    Optional<String> token = section.optional("token", TOKEN);
    boolean requireTokenOnLoopback =
        section.value("require-token-on-loopback", false, ScalarType.bool());
    ByteSize maxBody =
        section.value(
            "max-body-bytes",
            StatusSettings.DEFAULT_MAX_BODY_BYTES,
            ScalarType.size(ByteSize.ofKiB(1), StatusSettings.MAX_BODY_BYTES_LIMIT));
    StatusLimits limits = readStatusLimits(section);
    section.reportUnknownKeys("key", Map.of());
    try {
      return new StatusSettings(enabled, listen, token, maxBody, requireTokenOnLoopback, limits);
    } catch (IllegalArgumentException e) {
      String key =
          requireTokenOnLoopback && token.isEmpty() ? "require-token-on-loopback" : "listen";
      section.problem(
          section.node(key).map(YamlTree.Node::position).orElse(section.position()),
          section.pathOf(key),
          e.getMessage().replaceFirst("^status (listen|require-token-on-loopback) ", ""));
      return StatusSettings.defaults();
    }
  }

  private static final ScalarType<Duration> STATUS_TIMEOUT =
      ScalarType.duration()
          .map(
              "a duration (e.g. 10s)",
              timeout -> {
                if (timeout.compareTo(StatusLimits.MIN_TIMEOUT) < 0
                    || timeout.compareTo(StatusLimits.MAX_TIMEOUT) > 0) {
                  throw new IllegalArgumentException(
                      ConfigProblem.quote(DurationText.format(timeout))
                          + " must be between "
                          + DurationText.format(StatusLimits.MIN_TIMEOUT)
                          + " and "
                          + DurationText.format(StatusLimits.MAX_TIMEOUT));
                }
                return timeout;
              });

  private static StatusLimits readStatusLimits(MappingReader section) {
    Duration headerTimeout =
        section.value("header-timeout", StatusLimits.DEFAULT_HEADER_TIMEOUT, STATUS_TIMEOUT);
    Duration bodyTimeout =
        section.value("body-timeout", StatusLimits.DEFAULT_BODY_TIMEOUT, STATUS_TIMEOUT);
    Duration idleTimeout =
        section.value("idle-timeout", StatusLimits.DEFAULT_IDLE_TIMEOUT, STATUS_TIMEOUT);
    ByteSize maxHeaderBytes =
        section.value(
            "max-header-bytes",
            StatusLimits.DEFAULT_MAX_HEADER_BYTES,
            ScalarType.size(StatusLimits.MIN_HEADER_BYTES, StatusLimits.MAX_HEADER_BYTES));
    long maxConnections =
        section.value(
            "max-connections",
            (long) StatusLimits.DEFAULT_MAX_CONNECTIONS,
            ScalarType.wholeNumber(1, StatusLimits.MAX_CONNECTIONS_LIMIT));
    long maxRequests =
        section.value(
            "max-requests",
            (long) StatusLimits.DEFAULT_MAX_REQUESTS,
            ScalarType.wholeNumber(1, StatusLimits.MAX_REQUESTS_LIMIT));
    long maxPushes =
        section.value(
            "max-pushes",
            (long) StatusLimits.DEFAULT_MAX_PUSHES,
            ScalarType.wholeNumber(1, StatusLimits.MAX_REQUESTS_LIMIT));
    try {
      return new StatusLimits(
          headerTimeout,
          bodyTimeout,
          idleTimeout,
          maxHeaderBytes,
          (int) maxConnections,
          (int) maxRequests,
          (int) maxPushes);
    } catch (IllegalArgumentException e) {
      section.problem(
          section.node("max-pushes").map(YamlTree.Node::position).orElse(section.position()),
          section.pathOf("max-pushes"),
          e.getMessage().replaceFirst("^max-pushes ", ""));
      return StatusLimits.defaults();
    }
  }

  /** {@code headers} of {@code section}, reporting and leaving out those the sender cannot send. */
  private static Map<String, String> sendableHeaders(
      MappingReader section, Map<String, String> headers) {
    YamlTree.Node node = section.node("headers").orElse(null);
    if (!(node instanceof YamlTree.Mapping mapping)) {
      return headers;
    }
    Map<String, String> sendable = new LinkedHashMap<>();
    for (YamlTree.Entry entry : mapping.entries().values()) {
      String value = headers.get(entry.key());
      if (value == null) {
        continue;
      }
      Optional<String> problem = SenderSettings.headerProblem(entry.key(), value);
      if (problem.isPresent()) {
        section.problem(
            entry.value().position(), section.pathOf("headers") + "." + entry.key(), problem.get());
      } else {
        sendable.put(entry.key(), value);
      }
    }
    return sendable;
  }

  private static Map<String, String> readStringMap(MappingReader section, String key, String what) {
    String path = section.pathOf(key);
    YamlTree.Node node = section.node(key).orElse(null);
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof YamlTree.Mapping mapping)) {
      section.problem(
          node.position(), path, "must be a mapping of " + what + ", not " + node.describe());
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (YamlTree.Entry entry : mapping.entries().values()) {
      section
          .read(path + "." + entry.key(), entry.value(), ScalarType.text())
          .ifPresent(value -> values.put(entry.key(), value));
    }
    return values;
  }

  private AgentSettings readAgent(MappingReader section) {
    String tag = section.optional("tag", ScalarType.tag()).orElse(null);
    if (tag == null) {
      tag = AgentSettings.defaultTag(hostName.get());
    }
    Path dataDir = section.value("data-dir", AgentSettings.DEFAULT_DATA_DIR, ScalarType.path());
    MetricNaming naming = section.optional("metric-naming", METRIC_NAMING).orElse(null);
    section.reportUnknownKeys("key", Map.of());
    return new AgentSettings(tag, dataDir, naming);
  }

  private static SpoolSettings readSpool(MappingReader section) {
    ByteSize maxBytes =
        section.value(
            "max-bytes",
            SpoolSettings.DEFAULT_MAX_BYTES,
            ScalarType.size(ByteSize.ofBytes(1), ByteSize.ofBytes(Long.MAX_VALUE)));
    long maxBatches =
        section.value(
            "max-batches",
            SpoolSettings.DEFAULT_MAX_BATCHES,
            ScalarType.wholeNumber(1, SpoolSettings.MAX_BATCHES_LIMIT));
    Duration maxAge =
        section.value("max-age", SpoolSettings.DEFAULT_MAX_AGE, ScalarType.positiveDuration());
    OverflowPolicy overflow =
        section.value(
            "overflow",
            SpoolSettings.DEFAULT_OVERFLOW,
            ScalarType.oneOf(OverflowPolicy.values(), OverflowPolicy::label));
    ByteSize maxBatchBytes = SpoolSettings.defaultMaxBatchBytes(maxBytes);
    Optional<ByteSize> configured =
        section.optional(
            "max-batch-bytes",
            ScalarType.size(ByteSize.ofBytes(1), ByteSize.ofBytes(Long.MAX_VALUE)));
    if (configured.isPresent()) {
      if (configured.get().bytes() > maxBytes.bytes()) {
        section.problem(
            section.node("max-batch-bytes").orElseThrow().position(),
            section.pathOf("max-batch-bytes"),
            configured.get()
                + " is more than max-bytes ("
                + maxBytes
                + "): one batch must fit in the spool");
      } else {
        maxBatchBytes = configured.get();
      }
    }
    boolean binaryBatches = section.value("binary-batches", true, ScalarType.bool());
    DeclaredMetrics declared = readDeclaredMetrics(section);
    section.reportUnknownKeys("key", Map.of());
    return new SpoolSettings(
        maxBytes, maxBatches, maxAge, overflow, declared, maxBatchBytes, binaryBatches);
  }

  private static DeclaredMetrics readDeclaredMetrics(MappingReader section) {
    String path = section.pathOf("declared-metrics");
    YamlTree.Node node = section.node("declared-metrics").orElse(null);
    if (node == null) {
      return DeclaredMetrics.any();
    }
    if (node instanceof YamlTree.Scalar scalar && scalar.isNull()) {
      section.problem(
          node.position(),
          path,
          "has no value; write a list of {name, kind} entries, or leave the key out to accept"
              + " any metric");
      return DeclaredMetrics.any();
    }
    List<YamlTree.Node> items = section.items(path, node, "a list of {name, kind} entries");
    if (node instanceof YamlTree.Sequence && items.isEmpty()) {
      section.problem(
          node.position(),
          path,
          "is empty; declare at least one metric, or leave the key out to accept any metric");
    }
    Map<String, MetricKind> declared = new LinkedHashMap<>();
    Map<String, YamlTree.Position> seen = new HashMap<>();
    ScalarType<String> name =
        ScalarType.text().map("a metric name or pattern (e.g. disk.*)", text -> declaredName(text));
    ScalarType<MetricKind> kind = ScalarType.oneOf(MetricKind.values(), MetricKind::label);
    for (int i = 0; i < items.size(); i++) {
      MappingReader entry =
          section.nested(path + "[" + i + "]", items.get(i), "a mapping {name, kind}");
      Optional<String> metricName = entry.required("name", name);
      MetricKind metricKind = entry.value("kind", MetricKind.GAUGE, kind);
      entry.reportUnknownKeys("key", Map.of());
      if (metricName.isPresent()) {
        YamlTree.Position first = seen.putIfAbsent(metricName.get(), entry.position());
        if (first != null) {
          section.problem(
              entry.position(),
              entry.pathOf("name"),
              ConfigProblem.quote(metricName.get())
                  + " is already declared (line "
                  + first.line()
                  + ")");
        } else {
          declared.put(metricName.get(), metricKind);
        }
      }
    }
    return declared.isEmpty() ? DeclaredMetrics.any() : DeclaredMetrics.of(declared);
  }

  /** {@code text} if it is a name or pattern the spool accepts; the reason why not otherwise. */
  private static String declaredName(String text) {
    if (!DECLARED_NAME.matcher(text).matches()) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(text)
              + " is not a metric name: use dot-separated parts of letters,"
              + " digits, '_', '-', ':' and '*' wildcards (e.g. disk.*)");
    }
    if (text.length() > MAX_DECLARED_NAME_LENGTH) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(text)
              + " is not a metric name: it is longer than "
              + MAX_DECLARED_NAME_LENGTH
              + " characters");
    }
    if (text.indexOf('*') >= 0 && text.indexOf('*') != text.length() - 1) {
      throw new IllegalArgumentException(
          ConfigProblem.quote(text)
              + " is not a metric pattern: '*' may only end it, and matches the rest of the"
              + " name (e.g. disk.*)");
    }
    try {
      DeclaredMetrics.of(text, MetricKind.GAUGE);
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage().replaceFirst("^invalid metric declarations: ", "");
      throw new IllegalArgumentException(
          ConfigProblem.quote(text) + " is not a metric name: " + reason, e);
    }
    return text;
  }

  private static DemoSettings readDemo(MappingReader section) {
    Duration tickInterval =
        section.value(
            "tick-interval", DemoSettings.DEFAULT_TICK_INTERVAL, ScalarType.positiveDuration());
    long failEvery =
        section.value("fail-every", 0L, ScalarType.wholeNumber(0, DemoSettings.MAX_FAIL_EVERY));
    section.reportUnknownKeys("key", Map.of());
    return new DemoSettings(tickInterval, failEvery);
  }

  private static SocketSettings readSockets(MappingReader section) {
    long maxConnections =
        section.value(
            "max-connections",
            (long) SocketSettings.DEFAULT_MAX_CONNECTIONS,
            ScalarType.wholeNumber(1, Integer.MAX_VALUE));
    ByteSize maxLineLength =
        section.value(
            "max-line-length",
            SocketSettings.DEFAULT_MAX_LINE_LENGTH,
            ScalarType.size(ByteSize.ofBytes(1), SocketSettings.MAX_LINE_LENGTH_LIMIT));
    Duration timeout =
        section.value("timeout", SocketSettings.DEFAULT_TIMEOUT, ScalarType.positiveDuration());
    OptionalInt allowedGid =
        section
            .optional("allowed-gid", ScalarType.wholeNumber(0, Integer.MAX_VALUE))
            .map(gid -> OptionalInt.of(gid.intValue()))
            .orElse(OptionalInt.empty());
    section.reportUnknownKeys("key", Map.of());
    return new SocketSettings((int) maxConnections, maxLineLength, timeout, allowedGid);
  }

  private static List<InputSpec> readInputs(MappingReader top) {
    String path = top.pathOf("inputs");
    YamlTree.Node node = top.node("inputs").orElse(null);
    if (node == null) {
      return InputSpec.defaults();
    }
    if (node instanceof YamlTree.Scalar scalar && scalar.isNull()) {
      top.problem(
          node.position(),
          path,
          "has no value; write a list of inputs ([] for none), or leave the key out for the host"
              + " inputs");
      return List.of();
    }
    List<YamlTree.Node> items = top.items(path, node, "a list of inputs ({type: cpu, ...})");
    List<InputSpec> inputs = new java.util.ArrayList<>();
    Map<String, YamlTree.Position> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      MappingReader entry =
          top.nested(path + "[" + i + "]", items.get(i), "a mapping {type, interval, ...}");
      readInput(entry)
          .ifPresent(
              spec -> {
                YamlTree.Position first = seen.putIfAbsent(spec.id(), entry.position());
                if (first != null) {
                  entry.problem(
                      entry.position(),
                      entry.pathOf("id"),
                      ConfigProblem.quote(spec.id())
                          + " is already the id of the input at line "
                          + first.line()
                          + "; give each input of the same type its own id");
                } else {
                  inputs.add(spec);
                }
              });
    }
    return List.copyOf(inputs);
  }

  private static final ScalarType<MetricNaming> METRIC_NAMING =
      ScalarType.oneOf(MetricNaming.values(), MetricNaming::label);

  private static final ScalarType<String> INPUT_ID =
      ScalarType.text()
          .map(
              "an input id (e.g. db-port)",
              text -> {
                if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
                  throw new IllegalArgumentException(
                      ConfigProblem.quote(text)
                          + " is not an input id: it must be non-blank"
                          + " with no whitespace");
                }
                return text;
              });

  private static final ScalarType<String> JOB_NAME =
      ScalarType.text()
          .map(
              "a job name (e.g. node)",
              text -> {
                if (text.isBlank()) {
                  throw new IllegalArgumentException("a job name must not be blank");
                }
                return text;
              });

  private static Optional<InputSpec> readInput(MappingReader entry) {
    Optional<String> type = entry.required("type", ScalarType.oneOf(InputSpec.TYPES));
    Optional<String> id = entry.optional("id", INPUT_ID);
    Duration interval =
        entry.value("interval", InputSpec.DEFAULT_INTERVAL, ScalarType.positiveDuration());
    boolean bad = false;
    if (!interval.equals(Duration.ofMillis(interval.toMillis()))) {
      entry.problem(entry.position(), entry.pathOf("interval"), "must be whole milliseconds");
      bad = true;
    }
    Duration offset = entry.value("offset", Duration.ZERO, ScalarType.duration());
    if (offset.compareTo(interval) >= 0) {
      entry.problem(
          entry.node("offset").map(YamlTree.Node::position).orElse(entry.position()),
          entry.pathOf("offset"),
          DurationText.format(offset)
              + " must be shorter than the interval "
              + DurationText.format(interval));
      bad = true;
    }
    Duration defaultTimeout =
        interval.compareTo(InputSpec.DEFAULT_TIMEOUT) < 0 ? interval : InputSpec.DEFAULT_TIMEOUT;
    Duration timeout = entry.value("timeout", defaultTimeout, ScalarType.positiveDuration());
    Map<String, String> tags = readStringMap(entry, "tags", "tag names to values");
    String prefix = entry.optional("prefix", ScalarType.text()).orElse(null);
    Optional<InputSettings> settings = type.flatMap(t -> readSettings(t, entry));
    MetricNaming naming = entry.optional("metric-naming", METRIC_NAMING).orElse(null);
    if (naming != null && type.isPresent() && !InputSpec.HOST_TYPES.contains(type.get())) {
      entry.problem(
          entry.node("metric-naming").map(YamlTree.Node::position).orElse(entry.position()),
          entry.pathOf("metric-naming"),
          "applies to host inputs only ("
              + String.join(", ", InputSpec.HOST_TYPES)
              + "), not "
              + type.get());
      bad = true;
    }
    entry.reportUnknownKeys("key", Map.of());
    if (type.isEmpty() || settings.isEmpty() || bad) {
      return Optional.empty();
    }
    return Optional.of(
        new InputSpec(
            id.orElse(type.get()),
            type.get(),
            interval,
            offset,
            timeout,
            tags,
            prefix,
            settings.get(),
            naming));
  }

  private static Optional<InputSettings> readSettings(String type, MappingReader entry) {
    switch (type) {
      case "cpu":
        return Optional.of(new InputSettings.Cpu(entry.value("per-cpu", false, ScalarType.bool())));
      case "disk":
        return readList(entry, "mounts", ScalarType.path(), "a list of mount points")
            .map(InputSettings.Disk::new);
      case "net":
        return readList(entry, "interfaces", ScalarType.text(), "a list of interface names")
            .map(InputSettings.Net::new);
      case "dialcheck":
        {
          Optional<String> host = entry.required("host", ScalarType.text());
          Optional<Long> port = entry.required("port", ScalarType.wholeNumber(1, 65535));
          if (host.isEmpty() || port.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new InputSettings.Dialcheck(host.get(), port.get().intValue()));
        }
      case "exec":
        {
          String format =
              entry.value(
                  "format", "prometheus", ScalarType.oneOf(List.of("prometheus", "influx")));
          if (entry.node("command").isEmpty()) {
            entry.required("command", ScalarType.text());
            return Optional.empty();
          }
          Optional<List<String>> command =
              readList(entry, "command", ScalarType.text(), "a list: the program, then arguments");
          if (command.isPresent() && command.get().isEmpty()) {
            entry.problem(
                entry.position(), entry.pathOf("command"), "is empty; name the program to run");
            return Optional.empty();
          }
          return command.map(c -> new InputSettings.Exec(c, format));
        }
      case "prometheus":
        {
          String job = entry.optional("job", JOB_NAME).orElse(null);
          boolean honorLabels = entry.value("honor-labels", false, ScalarType.bool());
          return entry
              .required("url", HTTP_URL)
              .map(url -> new InputSettings.Prometheus(url, job, honorLabels));
        }
      default:
        return Optional.of(new InputSettings.None());
    }
  }

  /** A list of scalars; empty if absent; none (and a problem) if any item is bad. */
  private static <T> Optional<List<T>> readList(
      MappingReader entry, String key, ScalarType<T> type, String expected) {
    String path = entry.pathOf(key);
    YamlTree.Node node = entry.node(key).orElse(null);
    if (node == null) {
      return Optional.of(List.of());
    }
    List<YamlTree.Node> items = entry.items(path, node, expected);
    if (!(node instanceof YamlTree.Sequence)) {
      return Optional.empty();
    }
    List<T> values = new java.util.ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Optional<T> value = entry.read(path + "[" + i + "]", items.get(i), type);
      if (value.isPresent()) {
        values.add(value.get());
      } else {
        ok = false;
      }
    }
    return ok ? Optional.of(List.copyOf(values)) : Optional.empty();
  }

  private static ConfigException problem(String source, String message) {
    return new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", message)));
  }

  private static String systemHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String fromEnvironment = System.getenv("HOSTNAME");
      return fromEnvironment != null ? fromEnvironment : "localhost";
    }
  }
}
