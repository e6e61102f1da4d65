package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A jar that provides manifold modules as an extension jar would: only its {@code
 * META-INF/services} file, naming classes the test class path holds.
 */
final class ServiceModuleJar {
  private ServiceModuleJar() {}

  /** Writes {@code jar} naming {@code classNames} and returns a class loader over it. */
  static URLClassLoader loader(Path jar, String... classNames) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(ExtraModules.SERVICE_FILE));
      out.write(("# extension modules\n" + String.join("\n", classNames) + "\n").getBytes(UTF_8));
      out.closeEntry();
    }
    return new URLClassLoader(
        new URL[] {jar.toUri().toURL()}, ServiceModuleJar.class.getClassLoader());
  }
}
