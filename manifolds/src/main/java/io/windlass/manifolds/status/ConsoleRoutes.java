package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.windlass.manifolds.console.Console;
import io.windlass.manifolds.console.ConsoleLogin;
import io.windlass.manifolds.console.ConsoleResponse;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The web console's paths on the status server, each {@code GET} and {@code HEAD}: the pages
 * ({@link Console#PAGES}), the static files under {@value Console#ASSETS}, the JSON documents under
 * {@value Console#API}, {@value Console#LOGIN} and {@value Console#LOGOUT}; and {@code POST}
 * {@value Console#LOGIN}, the login form's post, whose body is read up to {@link
 * ConsoleLogin#MAX_FORM_BYTES} (a {@code Content-Length} past it is answered {@code 413} before the
 * body is read, and a body found longer {@code 413} too, its connection closed). The console
 * answers; this adapts its answers to the server's.
 */
final class ConsoleRoutes {

  private static final Set<String> READ = ImmutableSet.of("GET", "HEAD");

  private static final Set<String> LOGIN_METHODS = ImmutableSet.of("GET", "HEAD", "POST");

  private ConsoleRoutes() {}

  /**
   * The console's endpoints; {@code login} checks the token a login form posts, null when the
   * status server requires none ({@code status.token}).
   */
  static Map<String, Endpoint> endpoints(Console console, @Nullable ConsoleLogin login) {
    ImmutableMap.Builder<String, Endpoint> endpoints = ImmutableMap.builder();
    for (String page : Console.PAGES) {
      endpoints.put(page, read(request -> answer(console.page(request.path()))));
    }
    return endpoints
        .put(
            Console.ASSETS + "*",
            read(
                request ->
                    answer(console.asset(request.subpath(), request.header("If-None-Match")))))
        .put(Console.API + "*", read(request -> answer(console.document(request.subpath()))))
        .put(
            Console.LOGIN,
            new Endpoint(
                LOGIN_METHODS,
                request ->
                    request.method().equals("POST")
                        ? signIn(console, login, request)
                        : answer(console.loginForm())))
        .put(Console.LOGOUT, read(request -> answer(console.logout())))
        .buildOrThrow();
  }

  /** The login form's post: its body read within {@link ConsoleLogin#MAX_FORM_BYTES}. */
  private static StatusResponse signIn(
      Console console, @Nullable ConsoleLogin login, StatusRequest request) throws IOException {
    String length = request.header("Content-Length");
    if (length != null && declaredLength(length) > ConsoleLogin.MAX_FORM_BYTES) {
      return tooLarge();
    }
    byte[] form;
    try {
      form = request.body().readNBytes(ConsoleLogin.MAX_FORM_BYTES + 1);
    } catch (BodyTooLargeException e) {
      return tooLarge(); // past the server's own body limit, if that is smaller
    }
    if (form.length > ConsoleLogin.MAX_FORM_BYTES) {
      return tooLarge();
    }
    return answer(console.signIn(request.header("Content-Type"), form, login));
  }

  private static long declaredLength(String header) {
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1; // Jetty refuses a malformed length before any route runs
    }
  }

  private static StatusResponse tooLarge() {
    return StatusResponse.text(
        413, "the login form is larger than " + ConsoleLogin.MAX_FORM_BYTES + " bytes");
  }

  private static Endpoint read(StatusServer.Route route) {
    return new Endpoint(READ, route);
  }

  /** The console's answer as the server's. */
  static StatusResponse answer(ConsoleResponse response) {
    return new StatusResponse(
        response.status(), response.contentType(), response.body(), response.headers());
  }
}
