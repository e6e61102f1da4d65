package io.windlass.manifolds.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code windlass --version} prints: the project version, which the build writes into {@code
 * version.properties} next to this class.
 */
public final class WindlassVersion implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"windlass " + version()};
  }

  /** The project version, or {@code unknown} when this class was not built by Maven. */
  static String version() {
    try (InputStream in = WindlassVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
