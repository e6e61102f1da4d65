package io.windlass.manifolds.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request's {@code Authorization} header carries the status server's token, in any of the
 * forms push clients send it:
 *
 * <ul>
 *   <li>{@code Bearer <token>}: Prometheus, OpenTelemetry and most HTTP clients;
 *   <li>{@code Token <token>}: InfluxDB 2's clients ({@code @influxdata/influxdb-client},
 *       Telegraf's {@code influxdb_v2} output);
 *   <li>{@code Basic base64(<user>:<token>)}, any user: InfluxDB 1.x clients, which send a user and
 *       password, as InfluxDB 2 takes its token as the password.
 * </ul>
 *
 * <p>The scheme's case does not matter. The token given is compared with the one expected by their
 * SHA-256 digests, in constant time. Immutable.
 */
final class TokenCheck {

  /** What a refused client is told to send. */
  static final String HOW =
      "send 'Authorization: Bearer <token>' (or 'Token <token>', or Basic with the token as the"
          + " password)";

  private final byte[] expected;

  TokenCheck(String token) {
    this.expected = sha256(token);
  }

  /** Whether {@code authorization} (the header's value, null if none) carries the token. */
  boolean admits(@Nullable String authorization) {
    String given = token(authorization);
    // Digests of equal length: the comparison takes the same time whatever was sent.
    return given != null && MessageDigest.isEqual(expected, sha256(given));
  }

  /** The token an {@code Authorization} value carries, or null if it carries none. */
  static @Nullable String token(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String credentials = value.substring(space + 1).trim();
    return switch (value.substring(0, space).toLowerCase(Locale.ROOT)) {
      case "bearer", "token" -> credentials;
      case "basic" -> basicPassword(credentials);
      default -> null;
    };
  }

  private static @Nullable String basicPassword(String credentials) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.substring(colon + 1);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
