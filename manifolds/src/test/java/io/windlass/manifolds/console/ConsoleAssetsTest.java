package io.windlass.manifolds.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.engine.EngineReport;
import io.windlass.manifolds.spool.LatestSamples;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's pages and static files, as {@link Console} answers them. */
class ConsoleAssetsTest {
  private final Console console =
      new Console(
          () -> new EngineReport("started", null, Map.of()),
          new LatestSamples(),
          new io.windlass.manifolds.stats.AgentStats(),
          "1.2.3",
          Clock.systemUTC(),
          Instant.parse("2026-01-01T00:00:00Z"));

  @ParameterizedTest
  @CsvSource({
    "console.css, text/css; charset=utf-8",
    "console.js, text/javascript; charset=utf-8",
    "graph.js, text/javascript; charset=utf-8",
    "favicon.svg, image/svg+xml",
    "login.html, text/html; charset=utf-8"
  })
  void eachFileHasItsContentTypeAnEtagAndMayBeCachedAWhile(String name, String type) {
    ConsoleResponse response = console.asset(name, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(type);
    assertThat(response.body()).isNotEmpty();
    assertThat(response.headers())
        .containsEntry("Cache-Control", "public, max-age=300")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsKey("ETag");
  }

  @Test
  void aMatchingEtagIsAnsweredNotModified() {
    String etag = console.asset("console.js", null).headers().get("ETag");

    ConsoleResponse again = console.asset("console.js", "\"other\", " + etag);

    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers()).containsEntry("ETag", etag);
    assertThat(console.asset("console.js", "\"other\"").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nope.css",
        "",
        "../console.html",
        "..%2fconsole.css",
        "%2e%2e/console.css",
        "assets/console.css",
        "./console.css",
        "console.css/",
        "CONSOLE.CSS",
        "../../../../etc/passwd",
        "..\\console.css",
        "logback.xml"
      })
  void anythingButAFileNameServedIs404(String name) {
    ConsoleResponse response = console.asset(name, null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("not found: ");
  }

  @Test
  void everyPageIsTheConsolePageWithItsSecurityHeaders() {
    for (String page : Console.PAGES) {
      ConsoleResponse response = console.page(page);
      assertThat(response.status()).as(page).isEqualTo(200);
      assertThat(response.contentType()).isEqualTo("text/html; charset=utf-8");
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .contains("<nav class=\"tabs\"")
          .contains("/console/assets/console.js")
          .doesNotContain("http://", "https://");
      assertThat(response.headers())
          .containsEntry("Cache-Control", "no-cache")
          .containsEntry("X-Frame-Options", "DENY")
          .containsKey("Content-Security-Policy");
      assertThat(response.headers().get("Content-Security-Policy"))
          .contains("script-src 'self'")
          .doesNotContain("unsafe");
    }
    assertThat(console.page("/console/nope").status()).isEqualTo(404);
  }

  /**
   * Covers a bug where the login form sent the token in its address ({@code GET /login?token=}),
   * where the browser's history and logs of requests kept it.
   */
  @Test
  void theLoginFormPostsTheTokenAndHasNoScriptOfItsOwn() {
    ConsoleResponse form = console.loginForm();

    assertThat(form.status()).isEqualTo(200);
    String html = new String(form.body(), StandardCharsets.UTF_8);
    assertThat(html)
        .contains("<form class=\"login\" method=\"post\" action=\"/login\"")
        .contains("<input id=\"token\" name=\"token\" type=\"password\"")
        .doesNotContain("id=\"refused\"", "<script", "onclick", "onsubmit", "javascript:");
    assertThat(form.headers().get("Content-Security-Policy"))
        .contains("script-src 'self'", "form-action 'self'")
        .doesNotContain("unsafe");
  }

  @Test
  void aPostedRightTokenGetsTheCookieAndAWrongOne401SayingSo() {
    ConsoleLogin login = new ConsoleLogin("s3cret");
    String type = "application/x-www-form-urlencoded";

    ConsoleResponse signedIn = console.signIn(type, bytes("token=s3cret"), login);
    ConsoleResponse refused = console.signIn(type, bytes("token=guess"), login);

    assertThat(signedIn.status()).isEqualTo(303);
    assertThat(signedIn.headers())
        .containsEntry("Location", "/")
        .containsEntry("Set-Cookie", ConsoleLogin.setCookie("s3cret"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers())
        .containsKey("Content-Security-Policy")
        .doesNotContainKey("Set-Cookie");
    assertThat(new String(refused.body(), StandardCharsets.UTF_8))
        .contains("<p class=\"refused\" id=\"refused\">That is not this agent's token.</p>");
  }

  @Test
  void withoutATokenRequiredAPostedLoginIsSentToTheOverview() {
    ConsoleResponse response =
        console.signIn("application/x-www-form-urlencoded", bytes("token=anything"), null);

    assertThat(response.status()).isEqualTo(303);
    assertThat(response.headers()).containsEntry("Location", "/").doesNotContainKey("Set-Cookie");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void logoutClearsTheCookieAndGoesToTheLoginForm() {
    ConsoleResponse response = console.logout();
    assertThat(response.status()).isEqualTo(303);
    assertThat(response.headers())
        .containsEntry("Location", "/login")
        .containsEntry("Set-Cookie", ConsoleLogin.clearCookie());
  }

  @Test
  void noAssetRefersToAnythingOffTheServer() {
    for (String name : ConsoleAssets.NAMES) {
      String text = new String(console.asset(name, null).body(), StandardCharsets.UTF_8);
      assertThat(text).as(name).doesNotContain("https://", "//fonts.", "cdn");
    }
  }
}
