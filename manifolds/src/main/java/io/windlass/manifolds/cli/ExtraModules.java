package io.windlass.manifolds.cli;

import com.google.common.collect.ImmutableList;
import com.google.inject.Module;
import io.windlass.engine.ManifoldModule;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.config.ConfigProblem;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the manifold modules that extend the agent beyond its own, from two places:
 *
 * <ol>
 *   <li><b>the config's {@code modules} list</b>: class names, each a public, concrete class with a
 *       public no-argument constructor that implements {@code com.google.inject.Module} — usually
 *       by extending {@link ManifoldModule}, though a plain module that only binds is allowed too;
 *   <li><b>the class path</b>, through {@link ServiceLoader}: every {@link ManifoldModule} a jar
 *       names in {@value #SERVICE_FILE} (one class name per line). Dropping such a jar next to the
 *       agent's is enough to extend it: start the agent with {@code java -cp windlass.jar:extra.jar
 *       io.windlass.manifolds.cli.Main run} ({@code java -jar} ignores the class path). {@code
 *       --no-service-modules} turns this off.
 * </ol>
 *
 * <p>Config modules come first, in the config's order, then class-path modules sorted by class
 * name; a class found in both places is installed once. Every module that cannot be loaded is
 * reported at once, each naming the class and why, in one {@link ConfigException}, before the
 * engine is built. Modules are loaded once, when the process starts: an edit of the config's {@code
 * modules} list takes effect at the next start.
 */
public final class ExtraModules {
  private static final Logger log = LoggerFactory.getLogger(ExtraModules.class);

  /** Where a jar names the {@link ManifoldModule}s it provides. */
  public static final String SERVICE_FILE = "META-INF/services/io.windlass.engine.ManifoldModule";

  /** How many broken class-path entries are reported before the rest are given up on. */
  private static final int MAX_SERVICE_ERRORS = 20;

  private ExtraModules() {}

  /**
   * The extra modules, loaded and constructed.
   *
   * @param classNames the config's {@code modules} list
   * @param source how problems name the config file
   * @param fromClassPath whether to load {@link ManifoldModule}s through {@link ServiceLoader} too
   * @param loader where classes and service files are found
   * @throws ConfigException naming every module that cannot be loaded, and why
   */
  public static List<Module> load(
      List<String> classNames, String source, boolean fromClassPath, ClassLoader loader) {
    Map<Class<?>, Module> modules = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (int i = 0; i < classNames.size(); i++) {
      String name = classNames.get(i);
      try {
        Module module = instantiate(name, loader);
        if (modules.putIfAbsent(module.getClass(), module) == null) {
          log.info("installing manifold module {} from {}", name, source);
        }
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(source, 0, 0, "modules[" + i + "]", e.getMessage()));
      }
    }
    if (fromClassPath) {
      List<Module> found = new ArrayList<>();
      serviceModules(loader, found, problems);
      found.sort(Comparator.comparing(m -> m.getClass().getName()));
      for (Module module : found) {
        if (modules.putIfAbsent(module.getClass(), module) == null) {
          log.info(
              "installing manifold module {} found on the class path", module.getClass().getName());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return ImmutableList.copyOf(modules.values());
  }

  /**
   * Constructs the module class {@code name}.
   *
   * @throws IllegalArgumentException saying which class and why it cannot be a module
   */
  static Module instantiate(String name, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw problem(name, "class not found on the class path");
    } catch (ExceptionInInitializerError e) {
      throw problem(name, "its static initialisation failed: " + describe(e.getCause()));
    } catch (LinkageError e) {
      throw problem(name, "cannot be loaded: " + describe(e));
    }
    if (!Module.class.isAssignableFrom(type)) {
      throw problem(
          name,
          "is not a Guice module: extend "
              + ManifoldModule.class.getName()
              + " (or implement "
              + Module.class.getName()
              + ")");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw problem(name, "is abstract: name a concrete class");
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw problem(name, "is not public");
    }
    if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
      throw problem(name, "is an inner class: make it static, or a top-level class");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw problem(name, "has no public no-argument constructor");
    }
    try {
      return (Module) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw problem(name, "its constructor failed: " + describe(e.getCause()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw problem(name, "cannot be constructed: " + describe(e));
    }
  }

  private static void serviceModules(
      ClassLoader loader, List<Module> found, List<ConfigProblem> problems) {
    Iterator<ManifoldModule> providers =
        ServiceLoader.load(ManifoldModule.class, loader).iterator();
    int errors = 0;
    while (errors < MAX_SERVICE_ERRORS) {
      try {
        if (!providers.hasNext()) {
          return;
        }
        found.add(providers.next());
      } catch (ServiceConfigurationError e) {
        errors++;
        problems.add(new ConfigProblem(SERVICE_FILE, 0, 0, "", serviceMessage(e)));
      }
    }
    problems.add(
        new ConfigProblem(
            SERVICE_FILE, 0, 0, "", "more than " + MAX_SERVICE_ERRORS + " errors; gave up"));
  }

  /** ServiceLoader's message names the class and the reason; add the reason's own cause. */
  private static String serviceMessage(ServiceConfigurationError e) {
    String message = e.getMessage().replaceFirst("^" + ManifoldModule.class.getName() + ": ", "");
    Throwable cause = e.getCause();
    if (cause instanceof InvocationTargetException target && target.getCause() != null) {
      cause = target.getCause();
    }
    return cause == null || message.contains(String.valueOf(cause.getMessage()))
        ? message
        : message + ": " + describe(cause);
  }

  private static IllegalArgumentException problem(String name, String reason) {
    return new IllegalArgumentException(name + ": " + reason);
  }

  private static String describe(@Nullable Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    return e.getMessage() == null
        ? e.getClass().getName()
        : e.getClass().getName() + ": " + e.getMessage();
  }
}
