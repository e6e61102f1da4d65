package io.windlass.manifolds.report;

import io.windlass.manifolds.stats.ConfigHistory;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The notable events between two {@link AgentSnapshot}s, one line each, for a person at the
 * terminal:
 *
 * <ul>
 *   <li>a config loaded again after the first ({@code config reloaded: windlass.yaml}), or a change
 *       kept out, with its problems ({@code config windlass.yaml changed but is kept out: …});
 *   <li>the sink going down (its last round failed: the batches stay in the spool and are retried)
 *       and coming back up;
 *   <li>the spool's bytes reaching {@value #SPOOL_FULL_PERCENT}% of its byte bound, and going back
 *       under it.
 * </ul>
 *
 * <p>The first config load is no event: {@code windlass run}'s start lines say what runs.
 */
final class AgentEvents {

  /** How full the spool gets, in percent of its byte bound, before it is worth a line. */
  static final int SPOOL_FULL_PERCENT = 80;

  private AgentEvents() {}

  /** The lines for what changed from {@code before} to {@code now}; empty when nothing did. */
  static List<String> between(AgentSnapshot before, AgentSnapshot now) {
    List<String> lines = new ArrayList<>();
    config(before.configs(), now.configs(), lines);
    sink(before.sender(), now.sender(), lines);
    spool(before.spool(), now.spool(), lines);
    return lines;
  }

  private static void config(ConfigHistory before, ConfigHistory now, List<String> lines) {
    if (now.loads() > before.loads() && now.loads() > 1) {
      lines.add("config reloaded: " + now.source() + " (agent " + now.tag() + ")");
    }
    if (now.rejections() > before.rejections()) {
      lines.add(
          "config "
              + now.source()
              + " changed but is kept out; the running config stays: "
              + String.join("; ", now.problems()));
    }
  }

  private static void sink(
      Optional<SenderState> before, Optional<SenderState> now, List<String> lines) {
    if (now.isEmpty()) {
      return;
    }
    SenderState sender = now.get();
    boolean wasFailing =
        before.isPresent() && before.get().sink().equals(sender.sink()) && before.get().failing();
    if (sender.failing() && !wasFailing) {
      lines.add(
          "sink "
              + sender.sink()
              + " is down: "
              + sender.stats().lastError().orElse("sending failed")
              + "; batches stay in the spool and are retried");
    } else if (!sender.failing() && wasFailing) {
      lines.add(
          "sink "
              + sender.sink()
              + " is up again: "
              + sender.stats().sentBatches()
              + " batches sent so far");
    }
  }

  private static void spool(
      Optional<SpoolState> before, Optional<SpoolState> now, List<String> lines) {
    if (now.isEmpty()) {
      return;
    }
    boolean wasFull = before.isPresent() && full(before.get());
    boolean full = full(now.get());
    if (full && !wasFull) {
      SpoolState spool = now.get();
      lines.add(
          String.format(
              Locale.ROOT,
              "spool at %d%% of its bound (%s of %s, %d batches): it is filling faster than it"
                  + " is sent",
              percent(spool),
              SummaryLine.bytes(spool.stats().bytes()),
              SummaryLine.bytes(spool.maxBytes()),
              spool.stats().batches()));
    } else if (!full && wasFull) {
      lines.add(
          String.format(
              Locale.ROOT,
              "spool back under %d%% of its bound (%d%%)",
              SPOOL_FULL_PERCENT,
              percent(now.get())));
    }
  }

  private static boolean full(SpoolState spool) {
    return spool.maxBytes() > 0
        && spool.stats().bytes() * 100 >= spool.maxBytes() * SPOOL_FULL_PERCENT;
  }

  private static long percent(SpoolState spool) {
    return Math.round(spool.fill() * 100);
  }
}
