package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Protocol statistics from {@code /proc/net/netstat}, {@code /proc/net/snmp} and (when IPv6 is on)
 * {@code /proc/net/snmp6}, as node_exporter's {@code netstat} collector reports them: each field
 * {@code <Protocol>_<Name>} that its default field pattern ({@link #DEFAULT_FIELDS}) selects, e.g.
 * {@code netstat_Tcp_CurrEstab}, {@code netstat_Tcp_ActiveOpens}, {@code
 * netstat_TcpExt_ListenDrops}, {@code netstat_Ip6_InOctets}. These files describe the reader's
 * network namespace.
 *
 * <p>Metrics (default prefix {@code node_}), no labels, untyped as node_exporter has them (most are
 * the kernel's running counts; {@code Tcp_CurrEstab} is a current count).
 */
public final class NodeNetstatInput extends NodeExporterInput {
  /** node_exporter's default {@code --collector.netstat.fields}. */
  public static final Pattern DEFAULT_FIELDS =
      Pattern.compile(
          "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)"
              + "|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)"
              + "|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)"
              + "|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$");

  private final Pattern fields;

  /** The default fields, from {@code /proc}. */
  public NodeNetstatInput() {
    this(ProcRoot.DEFAULT, DEFAULT_FIELDS);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param fields the {@code <Protocol>_<Name>} fields to report: those it finds a match in
   */
  public NodeNetstatInput(ProcRoot procRoot, Pattern fields) {
    super("netstat", procRoot);
    this.fields = Objects.requireNonNull(fields, "fields");
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Map<String, Map<String, ProcValue>> stats = new LinkedHashMap<>();
    readPairs("net/netstat", stats);
    readPairs("net/snmp", stats);
    if (Files.exists(procRoot.resolve("net/snmp6"))) {
      readSnmp6(stats);
    }
    for (Map.Entry<String, Map<String, ProcValue>> protocol : stats.entrySet()) {
      for (Map.Entry<String, ProcValue> field : protocol.getValue().entrySet()) {
        String key = protocol.getKey() + "_" + field.getKey();
        if (!fields.matcher(key).find()) {
          continue;
        }
        ProcValue raw = field.getValue();
        double value = raw.line().parseDecimal(raw.text(), key);
        String name = "netstat_" + key;
        untyped(accumulator, name, "Statistic " + protocol.getKey() + field.getKey() + ".");
        accumulator.addMetric(name, Map.of(), value);
      }
    }
  }

  /** A value as written, with its line for errors. */
  private record ProcValue(ProcLine line, String text) {}

  /** Reads a file of {@code Protocol: names...} lines, each followed by its values line. */
  private void readPairs(String file, Map<String, Map<String, ProcValue>> stats)
      throws IOException {
    List<ProcLine> lines = procRoot.readLines(file).stream().filter(l -> !l.isBlank()).toList();
    for (int i = 0; i < lines.size(); i += 2) {
      ProcLine names = lines.get(i);
      if (i + 1 >= lines.size()) {
        throw names.malformed("a line of names without a line of values after it");
      }
      ProcLine values = lines.get(i + 1);
      List<String> nameFields = names.fields();
      List<String> valueFields = values.fields();
      String protocol = nameFields.get(0);
      if (!protocol.endsWith(":") || !protocol.equals(valueFields.get(0))) {
        throw values.malformed("expected '" + protocol + "' values after the names line");
      }
      if (nameFields.size() != valueFields.size()) {
        throw values.malformed(
            nameFields.size() - 1 + " names but " + (valueFields.size() - 1) + " values");
      }
      Map<String, ProcValue> fieldValues = new LinkedHashMap<>();
      for (int j = 1; j < nameFields.size(); j++) {
        fieldValues.put(nameFields.get(j), new ProcValue(values, valueFields.get(j)));
      }
      stats.put(protocol.substring(0, protocol.length() - 1), fieldValues);
    }
  }

  /** Reads {@code snmp6}'s {@code <Protocol>6<Name> value} lines. */
  private void readSnmp6(Map<String, Map<String, ProcValue>> stats) throws IOException {
    for (ProcLine line : procRoot.readLines("net/snmp6")) {
      List<String> parts = line.fields();
      if (parts.size() < 2) {
        continue;
      }
      int six = parts.get(0).indexOf('6');
      if (six < 0) {
        continue;
      }
      String protocol = parts.get(0).substring(0, six + 1);
      String name = parts.get(0).substring(six + 1);
      stats
          .computeIfAbsent(protocol, p -> new LinkedHashMap<>())
          .put(name, new ProcValue(line, parts.get(1)));
    }
  }
}
