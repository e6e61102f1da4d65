package io.windlass.manifolds.report;

import io.windlass.manifolds.config.DurationText;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The one-line summary {@code windlass run --report-interval} prints, for example:
 *
 * <pre>
 * summary: samples in 1520 (+120), out 1400 (+120); spool 36.2KiB of 1GiB (0%), backlog 2 batches, oldest 9s; sink up
 * </pre>
 *
 * <p>Samples in are the metrics published into the spool, samples out those the sink took; each
 * with its change since the previous summary. The backlog is the batches in the spool; the sink is
 * {@code up} (it has answered), {@code down} (its last round failed and it is backing off), {@code
 * not tried yet} (no request sent so far) or {@code none} (no sink: batches stay in the spool).
 */
final class SummaryLine {
  private SummaryLine() {}

  /** The summary of {@code now}, with the changes since {@code before}. */
  static String of(AgentSnapshot before, AgentSnapshot now) {
    long in = now.spool().map(s -> s.stats().publishedMetrics()).orElse(0L);
    long inBefore = before.spool().map(s -> s.stats().publishedMetrics()).orElse(0L);
    long out = now.sender().map(s -> s.stats().sentMetrics()).orElse(0L);
    long outBefore = before.sender().map(s -> s.stats().sentMetrics()).orElse(0L);
    StringBuilder line = new StringBuilder("summary: samples in ");
    line.append(in).append(" (").append(change(in, inBefore)).append("), out ");
    line.append(out).append(" (").append(change(out, outBefore)).append("); ");
    if (now.spool().isPresent()) {
      SpoolState spool = now.spool().get();
      line.append("spool ")
          .append(bytes(spool.stats().bytes()))
          .append(" of ")
          .append(bytes(spool.maxBytes()))
          .append(" (")
          .append(Math.round(spool.fill() * 100))
          .append("%), backlog ")
          .append(spool.stats().batches())
          .append(spool.stats().batches() == 1 ? " batch" : " batches")
          .append(", oldest ")
          .append(
              DurationText.format(spool.stats().oldestBatchAge().truncatedTo(ChronoUnit.SECONDS)));
    } else {
      line.append("spool closed");
    }
    line.append("; sink ").append(sink(now));
    return line.toString();
  }

  private static String sink(AgentSnapshot now) {
    if (now.sender().isEmpty()) {
      return "none";
    }
    SenderState sender = now.sender().get();
    if (sender.failing()) {
      return "down";
    }
    return sender.stats().requests() > 0 ? "up" : "not tried yet";
  }

  private static String change(long now, long before) {
    long delta = now - before;
    return delta >= 0 ? "+" + delta : Long.toString(delta);
  }

  /** {@code bytes} in the largest binary unit it reaches, with one decimal: {@code 36.2KiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String text = String.format(Locale.ROOT, "%.1f", value);
    if (text.endsWith(".0")) {
      text = text.substring(0, text.length() - 2);
    }
    return text + units[unit];
  }
}
