package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import io.windlass.manifolds.console.Console;
import io.windlass.manifolds.console.ConsoleLogin;
import io.windlass.manifolds.console.ConsoleResponse;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import java.util.Map;
import java.util.Set;

/**
 * The web console's paths on the status server, each {@code GET} and {@code HEAD}: the pages
 * ({@link Console#PAGES}), the static files under {@value Console#ASSETS}, the JSON documents under
 * {@value Console#API}, {@value Console#LOGIN} and {@value Console#LOGOUT}. The console answers;
 * this adapts its answers to the server's.
 */
final class ConsoleRoutes {

  private static final Set<String> READ = Set.of("GET", "HEAD");

  private ConsoleRoutes() {}

  /**
   * The console's endpoints; {@code tokenRequired} is whether the status server requires a token
   * ({@code status.token}), which decides what {@value Console#LOGIN} does with a {@code ?token=}.
   */
  static Map<String, Endpoint> endpoints(Console console, boolean tokenRequired) {
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
            read(
                request ->
                    answer(
                        console.login(
                            request.queryParameter(ConsoleLogin.TOKEN_PARAMETER) != null,
                            tokenRequired))))
        .put(Console.LOGOUT, read(request -> answer(console.logout())))
        .buildOrThrow();
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
