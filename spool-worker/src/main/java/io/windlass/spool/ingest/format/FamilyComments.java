package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code # TYPE}, {@code # HELP} and {@code # UNIT} lines of one text say about its
 * families, gathered as a parser reads them: for each family named, in the order first named, the
 * last type, help and unit said. Bounded: the first {@link MetricMetadata#MAX_FAMILIES} families
 * named are kept, the others ignored; help texts are cut to {@link MetricFamily#MAX_HELP_LENGTH}.
 * Names that cannot be spool keys (a leading {@code :}) are ignored. Not thread-safe.
 */
final class FamilyComments {
  private static final class Said {
    MetricType type = MetricType.UNKNOWN;
    String help = "";
    String unit = "";
  }

  private final Map<String, Said> families = new LinkedHashMap<>();

  /** Notes {@code # TYPE name type}. */
  void type(String name, MetricType type) {
    Said said = said(name);
    if (said != null) {
      said.type = type;
    }
  }

  /** Notes {@code # HELP name help}, the help already unescaped. */
  void help(String name, String help) {
    Said said = said(name);
    if (said != null) {
      said.help = help;
    }
  }

  /** Notes {@code # UNIT name unit}. */
  void unit(String name, String unit) {
    Said said = said(name);
    if (said != null) {
      said.unit = unit;
    }
  }

  private Said said(String name) {
    Said said = families.get(name);
    if (said == null
        && families.size() < MetricMetadata.MAX_FAMILIES
        && MetricFamily.isValidName(name)) {
      said = new Said();
      families.put(name, said);
    }
    return said;
  }

  /** The families noted, in the order first named. */
  List<MetricFamily> families() {
    List<MetricFamily> out = new ArrayList<>(families.size());
    families.forEach(
        (name, said) -> out.add(MetricFamily.clipped(name, said.type, said.help, said.unit)));
    return out;
  }
}
