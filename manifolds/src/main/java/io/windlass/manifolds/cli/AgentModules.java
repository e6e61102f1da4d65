package io.windlass.manifolds.cli;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineModule;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.collector.CollectorManifoldModule;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.demo.DemoManifoldModule;
import io.windlass.manifolds.demo.DemoSettings;
import io.windlass.manifolds.report.ReportManifoldModule;
import io.windlass.manifolds.report.ReportPrinter;
import io.windlass.manifolds.report.ReportSchedule;
import io.windlass.manifolds.report.Terminal;
import io.windlass.manifolds.sender.SenderManifoldModule;
import io.windlass.manifolds.sockets.SocketManifoldModule;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.manifolds.status.StatusManifoldModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Guice modules the agent process is built from, in one place: {@code run} runs an engine built
 * from them and {@code graph} draws it, so the two never disagree.
 */
final class AgentModules {
  private AgentModules() {}

  /**
   * The engine and the agent's manifold modules, then the demo's at {@code demo}'s settings if it
   * is not null, then {@code extra} (see {@link ExtraModules}).
   */
  static List<Module> of(
      AgentOptions options,
      ReportSchedule schedule,
      Terminal terminal,
      ReportPrinter printer,
      @Nullable DemoSettings demo,
      List<Module> extra) {
    List<Module> modules = new ArrayList<>();
    // The agent's own modules, one per line.
    modules.add(new EngineModule());
    modules.add(new AgentManifoldModule(options));
    modules.add(new SpoolManifoldModule());
    modules.add(new CollectorManifoldModule());
    modules.add(new SenderManifoldModule());
    modules.add(new SocketManifoldModule());
    modules.add(new StatusManifoldModule());
    modules.add(new ReportManifoldModule(schedule, terminal, printer));

    if (demo != null) {
      modules.add(new DemoManifoldModule(demo));
    }
    modules.addAll(extra);
    return modules;
  }

  /**
   * The extra modules of the config in {@code configFile} (none without one), and with {@code
   * fromClassPath} those found on the class path; the config is read and checked on the way.
   *
   * @throws ConfigException the config has problems, or a module cannot be loaded
   */
  static List<Module> extra(@Nullable Path configFile, boolean fromClassPath) {
    List<String> names = List.of();
    String source = "(defaults)";
    if (configFile != null) {
      names = new AgentConfigReader().read(configFile).modules();
      source = configFile.toString();
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = AgentModules.class.getClassLoader();
    }
    return ExtraModules.load(names, source, fromClassPath, loader);
  }

  /**
   * The engine built from {@code modules}: validated, not started.
   *
   * @throws CreationException a module is broken or the manifold graph has problems
   */
  static Engine engine(List<Module> modules) {
    return injector(modules).getInstance(Engine.class);
  }

  /**
   * The application injector built from {@code modules}, which has the engine (validated when it is
   * first asked for, not started) and the agent's typed stats.
   *
   * @throws CreationException a module is broken
   */
  static Injector injector(List<Module> modules) {
    return Guice.createInjector(modules);
  }
}
