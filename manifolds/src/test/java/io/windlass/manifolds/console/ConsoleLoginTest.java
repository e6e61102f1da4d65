package io.windlass.manifolds.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.console.ConsoleLogin.Admit;
import io.windlass.manifolds.console.ConsoleLogin.Answer;
import io.windlass.manifolds.console.ConsoleLogin.Refuse;
import org.junit.jupiter.api.Test;

class ConsoleLoginTest {
  private final ConsoleLogin login = new ConsoleLogin("s3cret");
  private final String cookie = ConsoleLogin.COOKIE + "=" + ConsoleLogin.cookieValue("s3cret");

  @Test
  void theRightTokenInTheQueryGetsAStrictHttpOnlyCookieAndARedirectWithoutIt() {
    ConsoleLogin.Access access = login.decide("GET", "/console/spool", "token=s3cret", null);

    assertThat(access).isInstanceOf(Answer.class);
    ConsoleResponse response = ((Answer) access).response();
    assertThat(response.status()).isEqualTo(303);
    assertThat(response.headers())
        .containsEntry("Location", "/console/spool")
        .containsEntry("Cache-Control", "no-store");
    assertThat(response.headers().get("Set-Cookie"))
        .isEqualTo(cookie + "; Path=/; HttpOnly; SameSite=Strict")
        .doesNotContain("s3cret");
  }

  @Test
  void otherQueryParametersAreKeptAndTheLoginFormLeadsToTheOverview() {
    assertThat(location(login.decide("GET", "/api/console/v1/spool", "a=1&token=s3cret&b=2", null)))
        .isEqualTo("/api/console/v1/spool?a=1&b=2");
    assertThat(location(login.decide("GET", "/login", "token=s3cret", null))).isEqualTo("/");
    assertThat(location(login.decide("GET", "/", "token=s%33cret", null)))
        .as("decoded")
        .isEqualTo("/");
  }

  /** Covers a redirect that could have sent the browser to another host. */
  @Test
  void theRedirectNeverLeavesTheServer() {
    assertThat(location(login.decide("GET", "//evil.example/x", "token=s3cret", null)))
        .isEqualTo("/");
    assertThat(location(login.decide("GET", "/\\evil.example", "token=s3cret", null)))
        .isEqualTo("/");
  }

  @Test
  void theCookieAdmitsReadsOnly() {
    assertThat(login.decide("GET", "/api/console/v1/overview", null, cookie))
        .isInstanceOf(Admit.class);
    assertThat(login.decide("HEAD", "/metrics", null, "other=1; " + cookie + "; x=y"))
        .isInstanceOf(Admit.class);
    assertThat(login.decide("POST", "/api/v1/import/prometheus", null, cookie))
        .isInstanceOf(Refuse.class);
    assertThat(login.decide("PUT", "/metrics/job/x", "token=s3cret", cookie))
        .isInstanceOf(Refuse.class);
  }

  @Test
  void aWrongOrMissingCookieIsRefusedAndAPageGoesToTheLoginForm() {
    String wrong = ConsoleLogin.COOKIE + "=" + ConsoleLogin.cookieValue("guess");
    assertThat(login.decide("GET", "/api/console/v1/overview", null, wrong))
        .isInstanceOf(Refuse.class);
    assertThat(login.decide("GET", "/engine", "token=guess", null)).isInstanceOf(Refuse.class);
    assertThat(login.decide("GET", "/engine", null, ConsoleLogin.COOKIE + "=s3cret"))
        .as("the token itself is not the cookie's value")
        .isInstanceOf(Refuse.class);
    assertThat(location(login.decide("GET", "/console/manifolds", null, wrong)))
        .isEqualTo("/login");
  }

  @Test
  void theLoginFormAndTheAssetsAreOpen() {
    assertThat(login.decide("GET", "/login", null, null)).isInstanceOf(Admit.class);
    assertThat(login.decide("GET", "/login", "token=wrong", null)).isInstanceOf(Admit.class);
    assertThat(login.decide("GET", "/logout", null, null)).isInstanceOf(Admit.class);
    assertThat(login.decide("GET", "/console/assets/console.css", null, null))
        .isInstanceOf(Admit.class);
  }

  @Test
  void logoutClearsTheCookie() {
    assertThat(ConsoleLogin.clearCookie())
        .isEqualTo(ConsoleLogin.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  }

  @Test
  void cookieAndQueryParsing() {
    assertThat(ConsoleLogin.cookie("a=1; windlass_console=xyz ; b=2", "windlass_console"))
        .isEqualTo("xyz");
    assertThat(ConsoleLogin.cookie("a=1", "windlass_console")).isNull();
    assertThat(ConsoleLogin.cookie(null, "windlass_console")).isNull();
    assertThat(ConsoleLogin.queryParameter("x&token=a%20b", "token")).isEqualTo("a b");
    assertThat(ConsoleLogin.queryParameter("tokens=1", "token")).isNull();
  }

  private static String location(ConsoleLogin.Access access) {
    assertThat(access).isInstanceOf(Answer.class);
    return ((Answer) access).response().headers().get("Location");
  }
}
