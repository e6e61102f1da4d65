package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import io.windlass.engine.EngineReport;
import io.windlass.manifolds.config.StatusLimits;
import io.windlass.manifolds.console.Console;
import io.windlass.manifolds.console.ConsoleLogin;
import io.windlass.manifolds.spool.LatestSamples;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console on the real status server, over HTTP, with a token: how a browser signs in, what its
 * cookie lets it do, and what the server sends for pages, files and documents.
 */
class ConsoleRoutesTest {
  private static final String TOKEN = "s3cret";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final Console console =
      new Console(
          () -> new EngineReport("started", null, Map.of()),
          new LatestSamples(),
          new io.windlass.manifolds.stats.AgentStats(),
          "1.2.3",
          Clock.systemUTC(),
          Instant.now());
  private StatusServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(Optional<String> token) throws IOException {
    Map<String, StatusServer.Endpoint> endpoints =
        ImmutableMap.<String, StatusServer.Endpoint>builder()
            .putAll(ConsoleRoutes.endpoints(console, token.map(ConsoleLogin::new).orElse(null)))
            .put(
                "/push", new StatusServer.Endpoint("POST", request -> StatusResponse.text(204, "")))
            .buildOrThrow();
    server =
        StatusServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            token,
            64 * 1024,
            endpoints,
            StatusLimits.defaults(),
            new StatusServer.Options(Duration.ofSeconds(5)),
            new StatusServer.RequestCounters());
  }

  private HttpResponse<String> postForm(String path, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()).resolve(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutATokenEveryPageFileAndDocumentIsServed() throws Exception {
    start(Optional.empty());

    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("Windlass");
    assertThat(get("/console/targets").statusCode()).isEqualTo(200);
    HttpResponse<String> css = get("/console/assets/console.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(css.headers().firstValue("Cache-Control")).contains("public, max-age=300");
    HttpResponse<String> overview = get("/api/console/v1/overview");
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(overview.body()).contains("\"version\":\"1.2.3\"");
    assertThat(get("/console/assets/nope.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/nope").statusCode()).isEqualTo(404);
  }

  /**
   * Covers a bug where a login on an agent without a token was a "wrong token" 401: there is
   * nothing to sign in to, so it goes to the overview.
   */
  @Test
  void withoutATokenAPostedLoginGoesToTheOverview() throws Exception {
    start(Optional.empty());

    HttpResponse<String> login = postForm("/login", "token=anything");

    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/");
    assertThat(login.headers().firstValue("Set-Cookie")).as("no cookie to give").isEmpty();
    assertThat(get("/login").statusCode()).as("the form itself").isEqualTo(200);
  }

  @Test
  void aHeadOfAFileHasItsHeadersAndNoBody() throws Exception {
    start(Optional.empty());

    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/console/assets/console.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(head.body()).isEmpty();
  }

  /** Paths sent as written, not normalised by the client, as an attacker would send them. */
  @Test
  void noPathReachesOutsideTheAssets() throws Exception {
    start(Optional.empty());

    for (String path :
        new String[] {
          "/console/assets/../../engine",
          "/console/assets/..%2f..%2fengine",
          "/console/assets/%2e%2e/console.html",
          "/console/assets/..\\\\console.css",
          "/console/assets/io/windlass/manifolds/console/assets/console.css",
          "/console/assets/../../../../etc/passwd"
        }) {
      assertThat(rawStatus(path)).as(path).isIn(400, 404);
    }
  }

  private int rawStatus(String path) throws IOException {
    URI base = URI.create(server.url());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void aBrowserSignsInOnceWithTheTokenAndReadsWithItsCookie() throws Exception {
    start(Optional.of(TOKEN));

    HttpResponse<String> page = get("/console/spool");
    assertThat(page.statusCode()).as("a page without the token").isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).contains("/login");
    HttpResponse<String> form = get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"token\"");
    assertThat(get("/console/assets/console.css").statusCode())
        .as("the form's style is open")
        .isEqualTo(200);
    assertThat(get("/api/console/v1/overview").statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = postForm("/login", "token=wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("That is not this agent's token.");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> signedIn = postForm("/login", "token=" + TOKEN);

    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location")).contains("/");
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain(TOKEN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertThat(cookie).startsWith(ConsoleLogin.COOKIE + "=");
    assertThat(get("/console/spool", "Cookie", cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> document = get("/api/console/v1/spool", "Cookie", cookie);
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void theCookieNeverPushes() throws Exception {
    start(Optional.of(TOKEN));
    String cookie = ConsoleLogin.COOKIE + "=" + cookieValue();

    HttpResponse<String> push =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/push"))
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("up 1\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(push.statusCode()).isEqualTo(401);
    HttpResponse<String> withToken =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/push"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("up 1\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withToken.statusCode()).isEqualTo(204);
  }

  /**
   * Covers a bug where the token was taken from an address ({@code ?token=}), where the browser's
   * history and logs of requests kept it.
   */
  @Test
  void aTokenInAnAddressSignsNothingIn() throws Exception {
    start(Optional.of(TOKEN));

    HttpResponse<String> page = get("/console/manifolds?token=" + TOKEN);
    HttpResponse<String> login = get("/login?token=" + TOKEN);

    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).contains("/login");
    assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(login.statusCode()).as("the form, the token ignored").isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void theLoginPostTakesAFormOfAFewKibibytesOnly() throws Exception {
    start(Optional.of(TOKEN));

    HttpResponse<String> large = postForm("/login", "token=" + "x".repeat(8192));
    HttpResponse<String> json =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TOKEN + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/login"))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("token=" + TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(large.body()).contains("larger than " + ConsoleLogin.MAX_FORM_BYTES + " bytes");
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, POST");
  }

  /** A chunked body has no length to refuse it by: it is cut off at the limit as it is read. */
  @Test
  void aChunkedLoginPostPastTheLimitIs413() throws Exception {
    start(Optional.of(TOKEN));
    URI base = URI.create(server.url());
    String chunk = "token=" + "x".repeat(ConsoleLogin.MAX_FORM_BYTES);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(chunk.length())
                  + "\r\n"
                  + chunk
                  + "\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void logoutClearsTheCookie() throws Exception {
    start(Optional.of(TOKEN));

    HttpResponse<String> response = get("/logout");

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
  }

  private String cookieValue() throws Exception {
    String header =
        postForm("/login", "token=" + TOKEN).headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
  }
}
