package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TCP connections by state, from {@code /proc/net/tcp} and {@code /proc/net/tcp6}, and UDP sockets
 * from {@code /proc/net/udp} and {@code udp6}. The IPv6 files are optional (absent when IPv6 is
 * disabled); the IPv4 ones are required. These files list the sockets of the reader's network
 * namespace.
 *
 * <p>Metrics (default prefix {@code system.netstat.}):
 *
 * <ul>
 *   <li>{@code tcp_connections} — tagged {@code state}: one of {@code established}, {@code
 *       syn_sent}, {@code syn_recv}, {@code fin_wait1}, {@code fin_wait2}, {@code time_wait},
 *       {@code close}, {@code close_wait}, {@code last_ack}, {@code listen}, {@code closing},
 *       {@code new_syn_recv}; every state is reported, 0 included
 *   <li>{@code tcp_total} — all TCP sockets, no tags
 *   <li>{@code udp_sockets} — all UDP sockets, no tags
 * </ul>
 */
public final class NetstatInput implements InputWithPrefix {
  /** The kernel's TCP states, by their number in the {@code st} column, from 1. */
  private static final List<String> TCP_STATES =
      List.of(
          "established",
          "syn_sent",
          "syn_recv",
          "fin_wait1",
          "fin_wait2",
          "time_wait",
          "close",
          "close_wait",
          "last_ack",
          "listen",
          "closing",
          "new_syn_recv");

  private final ProcRoot procRoot;

  /** Reads {@code /proc}. */
  public NetstatInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code net/tcp*} and {@code net/udp*} under {@code procRoot}. */
  public NetstatInput(ProcRoot procRoot) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
  }

  @Override
  public String defaultPrefix() {
    return "system.netstat.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    long[] byState = new long[TCP_STATES.size()];
    countTcp("net/tcp", true, byState);
    countTcp("net/tcp6", false, byState);
    long udp = countSockets("net/udp", true) + countSockets("net/udp6", false);
    long total = 0;
    for (int i = 0; i < byState.length; i++) {
      accumulator.addMetric("tcp_connections", Map.of("state", TCP_STATES.get(i)), byState[i]);
      total += byState[i];
    }
    accumulator.addMetric("tcp_total", Map.of(), total);
    accumulator.addMetric("udp_sockets", Map.of(), udp);
  }

  private void countTcp(String file, boolean required, long[] byState) throws IOException {
    for (ProcLine line : socketLines(file, required)) {
      List<String> fields = line.fields();
      if (fields.size() < 4) {
        throw line.malformed("expected 'sl local_address rem_address st ...'");
      }
      int state;
      try {
        state = Integer.parseInt(fields.get(3), 16);
      } catch (NumberFormatException e) {
        throw line.malformed("state '" + fields.get(3) + "' is not hexadecimal");
      }
      if (state < 1 || state > TCP_STATES.size()) {
        throw line.malformed("state " + fields.get(3) + " is not a TCP state");
      }
      byState[state - 1]++;
    }
  }

  private long countSockets(String file, boolean required) throws IOException {
    return socketLines(file, required).size();
  }

  /** The socket lines of {@code file}: all but the header and blank lines. */
  private List<ProcLine> socketLines(String file, boolean required) throws IOException {
    if (!required && !Files.exists(procRoot.resolve(file))) {
      return List.of();
    }
    List<ProcLine> lines = procRoot.readLines(file);
    if (lines.isEmpty() || !lines.get(0).text().strip().startsWith("sl")) {
      throw new ProcFormatException(
          procRoot.resolve(file),
          1,
          "expected a header starting with 'sl'",
          lines.isEmpty() ? "" : lines.get(0).text());
    }
    return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
  }
}
