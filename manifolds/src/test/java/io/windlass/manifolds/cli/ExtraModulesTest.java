package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Module;
import io.windlass.manifolds.cli.extra.BrokenModules;
import io.windlass.manifolds.cli.extra.GreeterManifoldModule;
import io.windlass.manifolds.cli.extra.PingerManifoldModule;
import io.windlass.manifolds.config.ConfigException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraModulesTest {
  private static final ClassLoader TEST_LOADER = ExtraModulesTest.class.getClassLoader();

  @TempDir Path dir;

  private static List<Class<?>> classes(List<Module> modules) {
    return modules.stream().<Class<?>>map(Object::getClass).toList();
  }

  @Test
  void loadsTheModulesTheConfigNamesInOrder() {
    List<Module> modules =
        ExtraModules.load(
            List.of(GreeterManifoldModule.class.getName(), PingerManifoldModule.class.getName()),
            "windlass.yaml",
            false,
            TEST_LOADER);

    assertThat(classes(modules))
        .containsExactly(GreeterManifoldModule.class, PingerManifoldModule.class);
  }

  @Test
  void theTestClassPathProvidesNoServiceModules() {
    assertThat(ExtraModules.load(List.of(), "(defaults)", true, TEST_LOADER)).isEmpty();
  }

  @Test
  void loadsTheModulesAJarOnTheClassPathNames() throws Exception {
    try (URLClassLoader loader =
        ServiceModuleJar.loader(
            dir.resolve("extra.jar"),
            PingerManifoldModule.class.getName(),
            GreeterManifoldModule.class.getName())) {
      List<Module> modules = ExtraModules.load(List.of(), "(defaults)", true, loader);

      assertThat(classes(modules))
          .as("sorted by class name")
          .containsExactly(GreeterManifoldModule.class, PingerManifoldModule.class);
    }
  }

  @Test
  void withoutTheClassPathTheJarIsIgnored() throws Exception {
    try (URLClassLoader loader =
        ServiceModuleJar.loader(dir.resolve("extra.jar"), PingerManifoldModule.class.getName())) {
      assertThat(ExtraModules.load(List.of(), "(defaults)", false, loader)).isEmpty();
    }
  }

  @Test
  void aModuleNamedInBothPlacesIsInstalledOnce() throws Exception {
    try (URLClassLoader loader =
        ServiceModuleJar.loader(dir.resolve("extra.jar"), PingerManifoldModule.class.getName())) {
      List<Module> modules =
          ExtraModules.load(
              List.of(PingerManifoldModule.class.getName()), "windlass.yaml", true, loader);

      assertThat(classes(modules)).containsExactly(PingerManifoldModule.class);
    }
  }

  @Test
  void everyModuleThatCannotBeLoadedIsReportedAtOnceWithItsClassAndReason() {
    String prefix = BrokenModules.class.getName();
    List<String> names =
        List.of(
            "com.example.Missing",
            "java.lang.String",
            "io.windlass.engine.ManifoldModule",
            prefix + "$Hidden",
            prefix + "$NeedsArgument",
            prefix + "$FailingConstructor",
            GreeterManifoldModule.class.getName());

    assertThatThrownBy(() -> ExtraModules.load(names, "windlass.yaml", false, TEST_LOADER))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            String.join(
                "\n",
                "Agent configuration errors:",
                "",
                "1) windlass.yaml: modules[0]: com.example.Missing: class not found on the class"
                    + " path",
                "",
                "2) windlass.yaml: modules[1]: java.lang.String: is not a Guice module: extend"
                    + " io.windlass.engine.ManifoldModule (or implement com.google.inject.Module)",
                "",
                "3) windlass.yaml: modules[2]: io.windlass.engine.ManifoldModule: is abstract:"
                    + " name a concrete class",
                "",
                "4) windlass.yaml: modules[3]: " + prefix + "$Hidden: is not public",
                "",
                "5) windlass.yaml: modules[4]: "
                    + prefix
                    + "$NeedsArgument: has no public no-argument constructor",
                "",
                "6) windlass.yaml: modules[5]: "
                    + prefix
                    + "$FailingConstructor: its constructor failed:"
                    + " java.lang.IllegalStateException: no licence key",
                "",
                "6 errors"));
  }

  @Test
  void aBrokenServiceFileIsReportedNamingTheClass() throws Exception {
    try (URLClassLoader loader =
        ServiceModuleJar.loader(
            dir.resolve("extra.jar"),
            "com.example.Gone",
            BrokenModules.FailingConstructor.class.getName(),
            BrokenModules.FailingManifoldModule.class.getName(),
            PingerManifoldModule.class.getName())) {
      assertThatThrownBy(() -> ExtraModules.load(List.of(), "(defaults)", true, loader))
          .isInstanceOf(ConfigException.class)
          .satisfies(
              e -> {
                List<String> problems =
                    ((ConfigException) e).problems().stream().map(Object::toString).toList();
                assertThat(problems).hasSize(3);
                assertThat(problems.get(0))
                    .startsWith(ExtraModules.SERVICE_FILE + ": ")
                    .contains("com.example.Gone")
                    .contains("not found");
                assertThat(problems.get(1))
                    .contains("FailingConstructor")
                    .contains("not a subtype");
                assertThat(problems.get(2))
                    .contains("FailingManifoldModule")
                    .contains("no licence key");
              });
    }
  }
}
