package io.windlass.manifolds.collector;

import io.windlass.collector.CollectTask;
import io.windlass.collector.Input;
import io.windlass.collector.inputs.CpuInput;
import io.windlass.collector.inputs.DiskInput;
import io.windlass.collector.inputs.DiskSpace;
import io.windlass.collector.inputs.DiskioInput;
import io.windlass.collector.inputs.LoadInput;
import io.windlass.collector.inputs.MemInput;
import io.windlass.collector.inputs.NetInput;
import io.windlass.collector.inputs.NetstatInput;
import io.windlass.collector.inputs.NodeCpuInput;
import io.windlass.collector.inputs.NodeDiskstatsInput;
import io.windlass.collector.inputs.NodeFilesystemInput;
import io.windlass.collector.inputs.NodeLoadInput;
import io.windlass.collector.inputs.NodeMemInput;
import io.windlass.collector.inputs.NodeNetdevInput;
import io.windlass.collector.inputs.NodeNetstatInput;
import io.windlass.collector.inputs.NodeProcessesInput;
import io.windlass.collector.inputs.NodeSwapInput;
import io.windlass.collector.inputs.ProcRoot;
import io.windlass.collector.inputs.ProcessesInput;
import io.windlass.collector.inputs.Statvfs;
import io.windlass.collector.inputs.SwapInput;
import io.windlass.collector.inputs.dialcheck.DialcheckConfig;
import io.windlass.collector.inputs.dialcheck.DialcheckInput;
import io.windlass.collector.inputs.exec.ExecConfig;
import io.windlass.collector.inputs.exec.ExecFormat;
import io.windlass.collector.inputs.exec.ExecInput;
import io.windlass.collector.inputs.prometheus.PrometheusInput;
import io.windlass.collector.inputs.prometheus.PrometheusScrapeConfig;
import io.windlass.collector.nsenter.CommandRequestExecutor;
import io.windlass.collector.nsenter.NsEnterTarget;
import io.windlass.manifolds.config.InputSettings;
import io.windlass.manifolds.config.InputSpec;
import io.windlass.manifolds.config.MetricNaming;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns an {@link InputSpec} into what a pipeline runs: its {@link CollectTask} and a new input
 * instance. Host inputs read {@link #procRoot}.
 */
public final class Inputs {
  private final ProcRoot procRoot;

  /** Host inputs read {@code procRoot} ({@link ProcRoot#DEFAULT} outside tests). */
  public Inputs(ProcRoot procRoot) {
    this.procRoot = procRoot;
  }

  /** The task of {@code spec}'s pipeline. */
  public static CollectTask task(InputSpec spec) {
    return new CollectTask(
        spec.id(),
        spec.type(),
        spec.interval(),
        spec.offset(),
        spec.timeout(),
        spec.tags(),
        spec.prefix());
  }

  /**
   * A new instance of {@code spec}'s input: for a host input, the one of its {@link
   * InputSpec#metricNaming()} (node_exporter's when null).
   */
  public Input create(InputSpec spec) {
    if (spec.isHost() && spec.metricNaming() != MetricNaming.WINDLASS) {
      return createNodeExporter(spec);
    }
    InputSettings settings = spec.settings();
    return switch (spec.type()) {
      case "cpu" ->
          new CpuInput(procRoot, settings instanceof InputSettings.Cpu cpu && cpu.perCpu());
      case "mem" -> new MemInput(procRoot);
      case "swap" -> new SwapInput(procRoot, SwapInput.DEFAULT_PAGE_SIZE, System::nanoTime);
      case "load" -> new LoadInput(procRoot);
      case "disk" ->
          new DiskInput(
              procRoot,
              settings instanceof InputSettings.Disk disk ? disk.mounts() : java.util.List.of(),
              DiskInput.DEFAULT_IGNORED_FS_TYPES,
              DiskSpace::ofFileStore);
      case "diskio" -> new DiskioInput(procRoot, DiskioInput.DEFAULT_SKIP, System::nanoTime);
      case "net" -> new NetInput(procRoot, netExclude(settings), System::nanoTime);
      case "netstat" -> new NetstatInput(procRoot);
      case "processes" -> new ProcessesInput(procRoot);
      case "dialcheck" -> {
        InputSettings.Dialcheck dial = (InputSettings.Dialcheck) settings;
        yield new DialcheckInput(
            new DialcheckConfig(dial.host(), dial.port(), spec.timeout()),
            NsEnterTarget.agent(),
            CommandRequestExecutor.nsenterForRunningJvm());
      }
      case "exec" -> {
        InputSettings.Exec exec = (InputSettings.Exec) settings;
        yield new ExecInput(
            ExecConfig.of(
                exec.command(),
                spec.timeout(),
                ExecFormat.valueOf(exec.format().toUpperCase(Locale.ROOT))));
      }
      case "prometheus" -> {
        InputSettings.Prometheus scrape = (InputSettings.Prometheus) settings;
        yield new PrometheusInput(
            new PrometheusScrapeConfig(
                scrape.url(),
                spec.timeout(),
                scrape.job() != null ? scrape.job() : spec.id(),
                scrape.honorLabels()));
      }
      default -> throw new IllegalArgumentException("unknown input type " + spec.type());
    };
  }

  /** A new host input naming its metrics as node_exporter does. */
  private Input createNodeExporter(InputSpec spec) {
    InputSettings settings = spec.settings();
    return switch (spec.type()) {
      case "cpu" -> new NodeCpuInput(procRoot);
      case "mem" -> new NodeMemInput(procRoot);
      case "swap" -> new NodeSwapInput(procRoot);
      case "load" -> new NodeLoadInput(procRoot);
      case "disk" ->
          new NodeFilesystemInput(
              procRoot,
              settings instanceof InputSettings.Disk disk ? disk.mounts() : java.util.List.of(),
              NodeFilesystemInput.DEFAULT_MOUNT_POINTS_EXCLUDE,
              NodeFilesystemInput.DEFAULT_FS_TYPES_EXCLUDE,
              Statvfs::probe);
      case "diskio" -> new NodeDiskstatsInput(procRoot, NodeDiskstatsInput.DEFAULT_EXCLUDE);
      case "net" ->
          new NodeNetdevInput(
              procRoot,
              settings instanceof InputSettings.Net net && !net.interfaces().isEmpty()
                  ? netExclude(settings)
                  : NodeNetdevInput.EXCLUDE_NONE);
      case "netstat" -> new NodeNetstatInput(procRoot, NodeNetstatInput.DEFAULT_FIELDS);
      case "processes" -> new NodeProcessesInput(procRoot);
      default -> throw new IllegalArgumentException("not a host input type " + spec.type());
    };
  }

  /** Excludes every interface but those listed; with none listed, the input's default. */
  private static Pattern netExclude(InputSettings settings) {
    if (settings instanceof InputSettings.Net net && !net.interfaces().isEmpty()) {
      String listed =
          net.interfaces().stream().map(Pattern::quote).collect(Collectors.joining("|"));
      return Pattern.compile("(?!(?:" + listed + ")$).*");
    }
    return NetInput.DEFAULT_EXCLUDE;
  }
}
