package io.windlass.manifolds.console;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * How a browser reaches the console when the status server requires a token ({@code status.token}):
 * a browser cannot add an {@code Authorization} header to a link, so it shows the token once and
 * gets a cookie.
 *
 * <ul>
 *   <li>{@code GET /login} shows a form (open to anyone, and never given a token). The form posts
 *       the token ({@code POST /login}, {@code application/x-www-form-urlencoded}, at most {@value
 *       #MAX_FORM_BYTES} bytes), so it is never part of an address: not in the browser's history,
 *       nor in a log of requests. A right one is answered {@code 303} to the console ({@code /}),
 *       setting the cookie {@value #COOKIE}: {@code HttpOnly}, {@code SameSite=Strict}, {@code
 *       Path=/}, no expiry (it ends with the browser session); a wrong one {@code 401} with the
 *       form again, saying so.
 *   <li>The cookie admits {@code GET} and {@code HEAD} requests only, so it reads the console, its
 *       JSON and the other read paths, but never pushes data. Its value is an HMAC-SHA256 of a
 *       fixed text keyed by the token, not the token: the browser never holds the token itself, and
 *       a new token ends every cookie.
 *   <li>A page asked for without either is answered {@code 303} to {@code /login}; anything else
 *       {@code 401}, as before. A {@code ?token=} in an address signs nothing in. {@code GET
 *       /logout} clears the cookie.
 * </ul>
 *
 * Immutable.
 */
public final class ConsoleLogin {

  /** The cookie's name. */
  public static final String COOKIE = "windlass_console";

  /** The login form's field the token is given in. */
  public static final String TOKEN_PARAMETER = "token";

  /** The largest login form body read; a token is far shorter. */
  public static final int MAX_FORM_BYTES = 4096;

  /** The media type the login form is posted in. */
  public static final String FORM_TYPE = "application/x-www-form-urlencoded";

  /** What a request without the token gets, by what it asked for. */
  public sealed interface Access {}

  /** Let it through: its cookie is right. */
  public record Admit() implements Access {}

  /** Answer it with this, without running its route. */
  public record Answer(ConsoleResponse response) implements Access {}

  /** Refuse it as unauthorized. */
  public record Refuse() implements Access {}

  private final byte[] expected;

  /** Checks against {@code token}, the status server's. */
  public ConsoleLogin(String token) {
    this.expected = cookieValue(token).getBytes(UTF_8);
  }

  /**
   * What to do with a request that has no valid {@code Authorization}.
   *
   * @param cookieHeader the {@code Cookie} header, null for none
   */
  public Access decide(String method, String path, @Nullable String cookieHeader) {
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (!read) {
      // The login form's post is open: its route checks the token the form carries.
      return method.equals("POST") && path.equals(Console.LOGIN) ? new Admit() : new Refuse();
    }
    if (admitsCookie(cookieHeader)) {
      return new Admit();
    }
    if (Console.isOpen(path)) {
      return new Admit();
    }
    if (Console.isPage(path)) {
      return new Answer(ConsoleResponse.redirect(Console.LOGIN));
    }
    return new Refuse();
  }

  /**
   * The answer to the login form's post: {@code 303} to the console with the cookie when {@code
   * form} ({@value #FORM_TYPE}, of {@code contentType}) carries the token, else {@code 401} with
   * {@code refused} (the form, saying so); {@code 415} for a body of another type.
   */
  ConsoleResponse signIn(@Nullable String contentType, byte[] form, ConsoleResponse refused) {
    if (!isForm(contentType)) {
      return ConsoleResponse.text(415, "the login form is sent as " + FORM_TYPE);
    }
    String given = formParameter(new String(form, UTF_8), TOKEN_PARAMETER);
    if (given == null || !admitsToken(given)) {
      return refused;
    }
    return ConsoleResponse.redirect("/")
        .withHeader("Set-Cookie", setCookie(given))
        .withHeader("Cache-Control", "no-store");
  }

  /** Whether {@code contentType} is {@value #FORM_TYPE}, with any parameters. */
  static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().equalsIgnoreCase(FORM_TYPE);
  }

  /** Whether {@code given} is the token. */
  boolean admitsToken(String given) {
    return MessageDigest.isEqual(expected, cookieValue(given).getBytes(UTF_8));
  }

  /** Whether the {@code Cookie} header carries the console's cookie with the right value. */
  boolean admitsCookie(@Nullable String cookieHeader) {
    String value = cookie(cookieHeader, COOKIE);
    return value != null && MessageDigest.isEqual(expected, value.getBytes(UTF_8));
  }

  /** The {@code Set-Cookie} value for the token {@code token}. */
  static String setCookie(String token) {
    return COOKIE + "=" + cookieValue(token) + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** The {@code Set-Cookie} value that removes the cookie. */
  static String clearCookie() {
    return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  }

  /** The cookie's value for {@code token}: HMAC-SHA256 of a fixed text, base64url. */
  static String cookieValue(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // A token may be empty in principle: the key must not be.
      mac.init(new SecretKeySpec(("windlass-console:" + token).getBytes(UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal("windlass console session v1".getBytes(UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing", e);
    }
  }

  /** The named cookie's value in a {@code Cookie} header, or null. */
  static @Nullable String cookie(@Nullable String header, String name) {
    if (header == null) {
      return null;
    }
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
        return pair.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /** The first value of a field of a form ({@value #FORM_TYPE}), decoded, or null. */
  static @Nullable String formParameter(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
