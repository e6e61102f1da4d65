package io.windlass.manifolds.console;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The console's static files, shipped in the jar beside this class under {@code assets/} and read
 * once, when the console is made. Only the files named in {@link #NAMES} are served, by exact name:
 * a request names a file, never a path, so nothing outside them can be reached whatever it holds
 * ({@code ..}, {@code /}, {@code %2e}); anything else is {@code 404}. Each has its {@code
 * Content-Type} by extension, an {@code ETag} (a digest of its bytes) that a matching {@code
 * If-None-Match} answers with {@code 304}, and may be cached for {@value #MAX_AGE_SECONDS} seconds.
 */
final class ConsoleAssets {

  /** The files served. */
  static final List<String> NAMES =
      List.of("console.css", "console.js", "graph.js", "favicon.svg", "console.html", "login.html");

  /** How long a browser may keep an asset without asking again. */
  static final int MAX_AGE_SECONDS = 300;

  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "html", "text/html; charset=utf-8");

  /** A file's bytes, type and entity tag. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Asset> assets;

  ConsoleAssets() {
    ImmutableMap.Builder<String, Asset> loaded = ImmutableMap.builder();
    for (String name : NAMES) {
      loaded.put(name, load(name));
    }
    this.assets = loaded.buildOrThrow();
  }

  private static Asset load(String name) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream("assets/" + name)) {
      if (in == null) {
        throw new IllegalStateException("console asset " + name + " is missing from the jar");
      }
      byte[] bytes = in.readAllBytes();
      String etag = "\"" + Hashing.sha256().hashBytes(bytes).toString().substring(0, 16) + "\"";
      return new Asset(bytes, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), etag);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console asset " + name, e);
    }
  }

  /** The named file, or null if there is none of that name. */
  @Nullable Asset get(String name) {
    return assets.get(name);
  }

  /**
   * The answer to a {@code GET} of the named file: {@code 200}, {@code 304} when {@code
   * ifNoneMatch} names its tag, or {@code 404}.
   */
  ConsoleResponse serve(String name, @Nullable String ifNoneMatch) {
    Asset asset = assets.get(name);
    if (asset == null) {
      return ConsoleResponse.text(404, "not found: " + name);
    }
    String cache = "public, max-age=" + MAX_AGE_SECONDS;
    if (ifNoneMatch != null && matches(ifNoneMatch, asset.etag())) {
      return new ConsoleResponse(304, asset.contentType(), new byte[0], Map.of())
          .withHeader("ETag", asset.etag())
          .withHeader("Cache-Control", cache);
    }
    return new ConsoleResponse(200, asset.contentType(), asset.bytes(), Map.of())
        .withHeader("ETag", asset.etag())
        .withHeader("Cache-Control", cache)
        .withHeader("X-Content-Type-Options", "nosniff");
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
