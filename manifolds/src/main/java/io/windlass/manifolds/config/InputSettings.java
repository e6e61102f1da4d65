package io.windlass.manifolds.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The keys of an {@link InputSpec} that belong to its type. */
public sealed interface InputSettings {

  /** A type with no keys of its own ({@code mem}, {@code swap}, {@code load}, …). */
  record None() implements InputSettings {}

  /**
   * {@code cpu}: {@code per-cpu} (default false) adds a series per CPU, in Windlass naming
   * (node_exporter's names are always per CPU).
   */
  record Cpu(boolean perCpu) implements InputSettings {}

  /** {@code disk}: {@code mounts}, the mount points to report (default: every real mount). */
  record Disk(List<Path> mounts) implements InputSettings {
    public Disk {
      mounts = List.copyOf(mounts);
    }
  }

  /**
   * {@code net}: {@code interfaces}, the interfaces to report (default: every one, as node_exporter
   * does; in Windlass naming every one but lo).
   */
  record Net(List<String> interfaces) implements InputSettings {
    public Net {
      interfaces = List.copyOf(interfaces);
    }
  }

  /** {@code dialcheck}: {@code host} (required) and {@code port} (required, 1..65535). */
  record Dialcheck(String host, int port) implements InputSettings {}

  /**
   * {@code exec}: {@code command} (required: a list, program first) and {@code format} ({@code
   * prometheus}, the default, or {@code influx}).
   */
  record Exec(List<String> command, String format) implements InputSettings {
    public Exec {
      command = List.copyOf(command);
    }
  }

  /**
   * {@code prometheus}: {@code url} (required, http or https); {@code job}, the {@code job} label
   * of its samples (null: the input's id); {@code honor-labels} (default false): whether a scraped
   * {@code job} or {@code instance} label wins over the scrape's (else it is renamed {@code
   * exported_<name>}), as Prometheus' {@code honor_labels}.
   */
  record Prometheus(URI url, @Nullable String job, boolean honorLabels) implements InputSettings {

    /** {@code url}, with the input's id as job and scraped labels not honored. */
    public Prometheus(URI url) {
      this(url, null, false);
    }
  }
}
