package io.windlass.manifolds.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.AgentSettings;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.config.SpoolSettings;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.ReadOnlySpool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code windlass spool ls|show|stats}: looks into an agent's spool, {@code <data-dir>/spool},
 * whether or not the agent runs. It only reads, through {@link ReadOnlySpool}: it takes no lock and
 * never moves, quarantines or removes a file, so it is safe beside a running agent, which may add
 * and remove batches while it looks (a listing is a moment's view).
 *
 * <ul>
 *   <li>{@code ls}: one line per batch, oldest first (the order the sender sends them): uuid,
 *       created, source ({@code charmurl}), metric count, bytes; then the batches that cannot be
 *       read now, the entries skipped, and the files in {@code rejected/} if there are any;
 *   <li>{@code show UUID}: a batch's metadata and metrics (a batch the sender moved to {@code
 *       rejected/} is found there too);
 *   <li>{@code stats}: totals: batches, metrics, bytes, the oldest batch and its age, and how many
 *       batches are unreadable, entries skipped, and files quarantined or rejected.
 * </ul>
 *
 * <p>Batch files are opened as the agent opens them ({@link ReadOnlySpool}): only regular files,
 * without following links, data files within {@code spool.max-batch-bytes} (from {@code --config},
 * else the default). A batch with a file that is not — a directory, FIFO, socket or device, a link,
 * a file over the limit, a file that cannot be read — is not read but <em>skipped</em>: {@code ls}
 * lists it under "Skipped", and both commands print {@code skipped: N entries (not-a-file 1,
 * symlink 1)}, so they never hang on a FIFO nor fail on a directory. The agent quarantines such
 * entries.
 *
 * <p>Each takes {@code --json} for one JSON document instead of text. Exit 0 when it printed; 1
 * when there is no spool (no agent has run with that data directory), a batch asked for is not
 * there or cannot be read, or the config is invalid; 2 for bad options.
 */
@Command(
    name = "spool",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = {
      "Looks into the agent's spool without changing it: ls, show UUID, stats.",
      "Safe while the agent runs: it only reads."
    },
    subcommands = {SpoolCommand.Ls.class, SpoolCommand.Show.class, SpoolCommand.Stats.class})
public final class SpoolCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** What every spool subcommand shares: where the spool is, how to print, how to fail. */
  abstract static class SpoolSubcommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataDirOptions location = new DataDirOptions();

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    /** A problem the user reads on standard error; the command exits 1. */
    static final class Failure extends Exception {
      Failure(String message) {
        super(message);
      }
    }

    @Override
    public final Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        Path directory =
            location.dataDirectory().resolve(AgentSettings.SPOOL_DIRECTORY).toAbsolutePath();
        print(ReadOnlySpool.of(directory.normalize(), maxBatchBytes()), out);
        out.flush();
        return 0;
      } catch (ConfigException e) {
        return fail(e.getMessage());
      } catch (Failure e) {
        return fail("spool " + spec.name() + ": " + e.getMessage());
      } catch (NoSuchFileException e) {
        return fail(
            "spool "
                + spec.name()
                + ": no spool at "
                + e.getFile()
                + ": no agent has run with this data directory");
      } catch (IOException e) {
        return fail("spool " + spec.name() + ": " + e);
      }
    }

    /** {@code spool.max-batch-bytes} from {@code --config}, else the default. */
    private long maxBatchBytes() {
      if (location.configFile == null) {
        return SpoolSettings.DEFAULT_MAX_BATCH_BYTES.bytes();
      }
      return new AgentConfigReader().read(location.configFile).spool().maxBatchBytes().bytes();
    }

    /** {@code skipped: 3 entries (not-a-file 2, symlink 1)}. */
    static String skippedLine(ReadOnlySpool.Listing listing) {
      int count = listing.skipped().size();
      StringBuilder line =
          new StringBuilder("skipped:      ")
              .append(count)
              .append(count == 1 ? " entry" : " entries");
      if (count > 0) {
        line.append(
            listing.skippedByProblem().entrySet().stream()
                .map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")")));
      }
      return line.toString();
    }

    static ObjectNode skippedCounts(ReadOnlySpool.Listing listing) {
      ObjectNode counts = JSON.createObjectNode();
      listing.skippedByProblem().forEach((problem, n) -> counts.put(problem.label(), n));
      return counts;
    }

    private int fail(String message) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(message);
      err.flush();
      return 1;
    }

    abstract void print(ReadOnlySpool spool, PrintWriter out) throws IOException, Failure;

    static ReadOnlySpool.Listing list(ReadOnlySpool spool) throws IOException {
      if (!spool.exists()) {
        throw new NoSuchFileException(spool.directory().toString());
      }
      return spool.list();
    }

    static void printJson(PrintWriter out, Object value) {
      try {
        out.println(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code spool ls}. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      versionProvider = WindlassVersion.class,
      description =
          "Lists the spool's batches oldest first (uuid, created, source, metrics, bytes), then"
              + " unreadable batches, skipped entries (not regular files, links, over"
              + " max-batch-bytes) and rejected files, if any.")
  static final class Ls extends SpoolSubcommand {

    @Override
    void print(ReadOnlySpool spool, PrintWriter out) throws IOException {
      ReadOnlySpool.Listing listing = list(spool);
      if (json) {
        ObjectNode root = JSON.createObjectNode();
        root.put("directory", spool.directory().toString());
        ArrayNode batches = root.putArray("batches");
        for (ReadOnlySpool.BatchSummary batch : listing.batches()) {
          batches
              .addObject()
              .put("uuid", batch.uuid())
              .put("created", batch.metadata().created().toString())
              .put("charmurl", batch.metadata().charmUrl())
              .put("unit-tag", batch.metadata().unitTag())
              .put("metrics", batch.metrics())
              .put("bytes", batch.bytes());
        }
        ArrayNode unreadable = root.putArray("unreadable");
        for (ReadOnlySpool.Unreadable batch : listing.unreadable()) {
          unreadable.addObject().put("uuid", batch.uuid()).put("problem", batch.problem());
        }
        ArrayNode skipped = root.putArray("skipped");
        for (ReadOnlySpool.Skipped entry : listing.skipped()) {
          skipped
              .addObject()
              .put("name", entry.name())
              .put("problem", entry.problem().label())
              .put("detail", entry.detail());
        }
        files(root.putArray("rejected"), listing.rejected());
        files(root.putArray("quarantined"), listing.quarantined());
        printJson(out, root);
        return;
      }
      TextTable table =
          new TextTable("UUID", "CREATED", "SOURCE", "METRICS", "BYTES").alignRight(3, 4);
      for (ReadOnlySpool.BatchSummary batch : listing.batches()) {
        table.add(
            batch.uuid(),
            time(batch.metadata().created()),
            batch.metadata().charmUrl(),
            Integer.toString(batch.metrics()),
            Long.toString(batch.bytes()));
      }
      out.print(table);
      if (!listing.unreadable().isEmpty()) {
        out.println();
        out.println("Unreadable (the agent quarantines them):");
        TextTable unreadable = new TextTable("UUID", "PROBLEM");
        listing.unreadable().forEach(b -> unreadable.add(b.uuid(), oneLine(b.problem())));
        out.print(unreadable);
      }
      if (!listing.skipped().isEmpty()) {
        out.println();
        out.println("Skipped, not read (the agent quarantines them):");
        TextTable skipped = new TextTable("NAME", "PROBLEM", "DETAIL");
        listing
            .skipped()
            .forEach(e -> skipped.add(e.name(), e.problem().label(), oneLine(e.detail())));
        out.print(skipped);
        out.println(skippedLine(listing));
      }
      if (!listing.rejected().isEmpty()) {
        out.println();
        out.println(
            "Rejected (in " + spool.directory().resolve(ReadOnlySpool.REJECTED_DIRECTORY) + "):");
        TextTable rejected = new TextTable("NAME", "MODIFIED", "BYTES").alignRight(2);
        listing
            .rejected()
            .forEach(f -> rejected.add(f.name(), time(f.modified()), Long.toString(f.bytes())));
        out.print(rejected);
      }
    }

    private static void files(ArrayNode array, List<ReadOnlySpool.SpoolFile> files) {
      for (ReadOnlySpool.SpoolFile file : files) {
        array
            .addObject()
            .put("name", file.name())
            .put("bytes", file.bytes())
            .put("modified", file.modified().toString());
      }
    }
  }

  /** {@code spool show UUID}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = WindlassVersion.class,
      description = "Prints a batch's metadata and metrics.")
  static final class Show extends SpoolSubcommand {

    @Parameters(paramLabel = "UUID", description = "The batch, as spool ls names it.")
    String uuid;

    @Override
    void print(ReadOnlySpool spool, PrintWriter out) throws IOException, Failure {
      if (!spool.exists()) {
        throw new NoSuchFileException(spool.directory().toString());
      }
      boolean rejected = false;
      Optional<MetricBatch> found;
      try {
        found = spool.read(uuid);
        if (found.isEmpty()) {
          found =
              ReadOnlySpool.of(spool.directory().resolve(ReadOnlySpool.REJECTED_DIRECTORY))
                  .read(uuid);
          rejected = found.isPresent();
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "UUID: " + e.getMessage());
      } catch (MetricsDataException e) {
        throw new Failure("batch " + uuid + " cannot be read: " + e.getMessage());
      }
      if (found.isEmpty()) {
        throw new Failure("no batch " + uuid + " in " + spool.directory());
      }
      MetricBatch batch = found.get();
      if (json) {
        printJson(out, batch);
        return;
      }
      out.println("uuid:      " + batch.uuid() + (rejected ? " (rejected)" : ""));
      out.println("created:   " + batch.created());
      out.println("source:    " + batch.charmUrl());
      out.println("unit-tag:  " + batch.unitTag());
      out.println("metrics:   " + batch.metrics().size());
      out.println();
      TextTable table = new TextTable("KEY", "VALUE", "TIME", "LABELS");
      for (Metric metric : batch.metrics()) {
        table.add(
            metric.key(),
            metric.value(),
            metric.time().toString(),
            metric.labels().isEmpty()
                ? "-"
                : metric.labels().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
      }
      out.print(table);
    }
  }

  /** {@code spool stats}. */
  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      versionProvider = WindlassVersion.class,
      description =
          "Prints the spool's totals: batches, metrics, bytes, the oldest batch's age, and how"
              + " many batches are unreadable, entries skipped, and files quarantined or rejected.")
  static final class Stats extends SpoolSubcommand {
    private final Clock clock;

    Stats() {
      this(Clock.systemUTC());
    }

    Stats(Clock clock) {
      this.clock = clock;
    }

    @Override
    void print(ReadOnlySpool spool, PrintWriter out) throws IOException {
      ReadOnlySpool.Listing listing = list(spool);
      Optional<Instant> oldest = listing.oldest();
      Optional<Duration> age =
          oldest.map(
              created ->
                  Duration.between(created, clock.instant()).truncatedTo(ChronoUnit.SECONDS));
      if (json) {
        ObjectNode root = JSON.createObjectNode();
        root.put("directory", spool.directory().toString());
        root.put("batches", listing.batches().size());
        root.put("metrics", listing.metrics());
        root.put("bytes", listing.bytes());
        root.put("oldest", oldest.map(Instant::toString).orElse(null));
        if (age.isPresent()) {
          root.put("oldest-age-seconds", age.get().toSeconds());
        } else {
          root.putNull("oldest-age-seconds");
        }
        root.put("unreadable", listing.unreadable().size());
        root.put("skipped", listing.skipped().size());
        root.set("skipped-problems", skippedCounts(listing));
        root.put("quarantined", listing.quarantined().size());
        root.put("rejected", listing.rejected().size());
        printJson(out, root);
        return;
      }
      out.println("directory:    " + spool.directory());
      out.println("batches:      " + listing.batches().size());
      out.println("metrics:      " + listing.metrics());
      out.println("bytes:        " + listing.bytes() + bytesInUnits(listing.bytes()));
      out.println(
          "oldest:       "
              + oldest.map(o -> time(o) + " (" + ageText(age.orElseThrow()) + " ago)").orElse("-"));
      out.println("unreadable:   " + listing.unreadable().size());
      out.println(skippedLine(listing));
      out.println("quarantined:  " + listing.quarantined().size() + " files");
      out.println("rejected:     " + listing.rejected().size() + " files");
    }
  }

  /** An instant to the second. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** " (12.1 KiB)" for sizes of a KiB or more, else "". */
  static String bytesInUnits(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    String unit = null;
    for (String u : units) {
      if (value < 1024) {
        break;
      }
      value /= 1024;
      unit = u;
    }
    return unit == null ? "" : String.format(Locale.ROOT, " (%.1f %s)", value, unit);
  }

  /** A duration in its two largest units: {@code 3d 4h}, {@code 2m 5s}, {@code 0s}. */
  static String ageText(Duration age) {
    if (age.isNegative()) {
      return "0s";
    }
    long[] amounts = {age.toDays(), age.toHoursPart(), age.toMinutesPart(), age.toSecondsPart()};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < amounts.length && shown < 2; i++) {
      if (amounts[i] > 0 || shown > 0) {
        if (amounts[i] > 0) {
          out.append(out.length() == 0 ? "" : " ").append(amounts[i]).append(units[i]);
        }
        shown++;
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
