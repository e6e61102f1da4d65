package io.windlass.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/**
 * The module and package rules of the layout (README, "Layout"), checked on the main classes of
 * every module: the data path ({@code io.windlass.spool}) and the collector stand without the
 * engine; the data path stands without the collector and the agent; an {@code internal} package is
 * used only from its own top-level package; and the wire-format package shows only its entries.
 */
@AnalyzeClasses(packages = "io.windlass", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The public face of {@code io.windlass.spool.ingest.format}; the rest is package-private. */
  static final Set<String> FORMAT_ENTRIES =
      Set.of(
          "WireFormat",
          "Sample",
          "ParseResult",
          "MetricParseException",
          "PushParsers",
          "PushParser",
          "PushSeries",
          "SampleSink",
          "Precision");

  @ArchTest
  static final ArchRule spoolAndCollectorDoNotDependOnTheEngine =
      noClasses()
          .that()
          .resideInAnyPackage("io.windlass.spool..", "io.windlass.collector..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.windlass.engine..");

  @ArchTest
  static final ArchRule theDataPathDoesNotDependOnTheCollectorOrTheAgent =
      noClasses()
          .that()
          .resideInAPackage("io.windlass.spool..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.windlass.collector..", "io.windlass.manifolds..");

  @ArchTest
  static final ArchRule theHttpPushHandlersDoNotKnowTheServer =
      noClasses()
          .that()
          .resideInAPackage("io.windlass.spool.ingest..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.eclipse.jetty..", "jakarta.servlet..");

  @ArchTest
  static final ArchRule internalPackagesAreUsedOnlyFromTheirTopLevelPackage =
      classes()
          .that()
          .resideInAPackage("io.windlass..internal..")
          .should(beAccessedOnlyFromTheirTopLevelPackage());

  @ArchTest
  static final ArchRule onlyTheFormatEntriesArePublic =
      classes()
          .that()
          .resideInAPackage("io.windlass.spool.ingest.format")
          .and()
          .arePublic()
          .should(beOneOf(FORMAT_ENTRIES));

  /** {@code io.windlass.spool} for {@code io.windlass.spool.internal.SpoolStore}. */
  static String topLevelPackage(JavaClass javaClass) {
    String[] parts = javaClass.getPackageName().split("\\.");
    return parts.length < 3
        ? javaClass.getPackageName()
        : parts[0] + "." + parts[1] + "." + parts[2];
  }

  private static ArchCondition<JavaClass> beAccessedOnlyFromTheirTopLevelPackage() {
    return new ArchCondition<>("be used only from their own top-level package") {
      @Override
      public void check(JavaClass internal, ConditionEvents events) {
        String home = topLevelPackage(internal);
        internal.getDirectDependenciesToSelf().stream()
            .filter(d -> !topLevelPackage(d.getOriginClass()).equals(home))
            .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
      }
    };
  }

  private static ArchCondition<JavaClass> beOneOf(Set<String> entries) {
    return new ArchCondition<>("be one of the format entries " + entries) {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        String topLevel = javaClass.getName().split("\\$")[0];
        if (!entries.contains(topLevel.substring(topLevel.lastIndexOf('.') + 1))) {
          events.add(
              SimpleConditionEvent.violated(
                  javaClass, javaClass.getName() + " is public but not a format entry"));
        }
      }
    };
  }

  /** The main classes the rules read; none of them may be missing from the import. */
  static boolean importsEveryModule(JavaClasses classes) {
    return classes.containPackage("io.windlass.engine")
        && classes.containPackage("io.windlass.spool")
        && classes.containPackage("io.windlass.collector")
        && classes.containPackage("io.windlass.manifolds");
  }

  @ArchTest
  static void theImportHoldsTheMainClassesOfEveryModule(JavaClasses classes) {
    if (!importsEveryModule(classes)) {
      throw new AssertionError("the import misses a module's main classes: " + classes.size());
    }
  }
}
