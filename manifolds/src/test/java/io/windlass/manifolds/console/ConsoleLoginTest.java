package io.windlass.manifolds.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.console.ConsoleLogin.Admit;
import io.windlass.manifolds.console.ConsoleLogin.Answer;
import io.windlass.manifolds.console.ConsoleLogin.Refuse;
import org.junit.jupiter.api.Test;

class ConsoleLoginTest {
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final ConsoleResponse REFUSED = ConsoleResponse.text(401, "refused");

  private final ConsoleLogin login = new ConsoleLogin("s3cret");
  private final String cookie = ConsoleLogin.COOKIE + "=" + ConsoleLogin.cookieValue("s3cret");

  private ConsoleResponse signIn(String contentType, String form) {
    return login.signIn(contentType, form.getBytes(UTF_8), REFUSED);
  }

  @Test
  void theRightTokenPostedGetsAStrictHttpOnlyCookieAndARedirectToTheConsole() {
    ConsoleResponse response = signIn(FORM, "token=s3cret");

    assertThat(response.status()).isEqualTo(303);
    assertThat(response.headers())
        .containsEntry("Location", "/")
        .containsEntry("Cache-Control", "no-store");
    assertThat(response.headers().get("Set-Cookie"))
        .isEqualTo(cookie + "; Path=/; HttpOnly; SameSite=Strict")
        .doesNotContain("s3cret");
  }

  @Test
  void theFormIsDecodedAsABrowserEncodesIt() {
    assertThat(signIn(FORM + "; charset=UTF-8", "x=1&token=s%33cret&y=2").status()).isEqualTo(303);
    ConsoleLogin spaced = new ConsoleLogin("a b+c");
    assertThat(spaced.signIn(FORM, "token=a+b%2Bc".getBytes(UTF_8), REFUSED).headers())
        .containsEntry("Set-Cookie", ConsoleLogin.setCookie("a b+c"));
  }

  @Test
  void aWrongOrMissingTokenGetsTheRefusalAndNoCookie() {
    assertThat(signIn(FORM, "token=guess")).isSameAs(REFUSED);
    assertThat(signIn(FORM, "")).isSameAs(REFUSED);
    assertThat(signIn(FORM, "tokens=s3cret")).isSameAs(REFUSED);
  }

  @Test
  void aBodyOfAnotherTypeIs415() {
    assertThat(signIn("text/plain", "token=s3cret").status()).isEqualTo(415);
    assertThat(login.signIn(null, "token=s3cret".getBytes(UTF_8), REFUSED).status()).isEqualTo(415);
  }

  /**
   * Covers a bug where the token was taken from an address ({@code ?token=}), where the browser's
   * history and logs of requests kept it.
   */
  @Test
  void aTokenInTheAddressSignsNothingIn() {
    assertThat(location(login.decide("GET", "/console/spool", null))).isEqualTo("/login");
    assertThat(login.decide("GET", "/engine", null)).isInstanceOf(Refuse.class);
  }

  @Test
  void theCookieAdmitsReadsOnly() {
    assertThat(login.decide("GET", "/api/console/v1/overview", cookie)).isInstanceOf(Admit.class);
    assertThat(login.decide("HEAD", "/metrics", "other=1; " + cookie + "; x=y"))
        .isInstanceOf(Admit.class);
    assertThat(login.decide("POST", "/api/v1/import/prometheus", cookie))
        .isInstanceOf(Refuse.class);
    assertThat(login.decide("PUT", "/metrics/job/x", cookie)).isInstanceOf(Refuse.class);
    assertThat(login.decide("POST", "/console/spool", cookie)).isInstanceOf(Refuse.class);
  }

  @Test
  void aWrongOrMissingCookieIsRefusedAndAPageGoesToTheLoginForm() {
    String wrong = ConsoleLogin.COOKIE + "=" + ConsoleLogin.cookieValue("guess");
    assertThat(login.decide("GET", "/api/console/v1/overview", wrong)).isInstanceOf(Refuse.class);
    assertThat(login.decide("GET", "/engine", ConsoleLogin.COOKIE + "=s3cret"))
        .as("the token itself is not the cookie's value")
        .isInstanceOf(Refuse.class);
    assertThat(location(login.decide("GET", "/console/manifolds", wrong))).isEqualTo("/login");
  }

  @Test
  void theLoginFormItsPostAndTheAssetsAreOpen() {
    assertThat(login.decide("GET", "/login", null)).isInstanceOf(Admit.class);
    assertThat(login.decide("POST", "/login", null))
        .as("its route checks the token posted")
        .isInstanceOf(Admit.class);
    assertThat(login.decide("PUT", "/login", null)).isInstanceOf(Refuse.class);
    assertThat(login.decide("GET", "/logout", null)).isInstanceOf(Admit.class);
    assertThat(login.decide("GET", "/console/assets/console.css", null)).isInstanceOf(Admit.class);
  }

  @Test
  void logoutClearsTheCookie() {
    assertThat(ConsoleLogin.clearCookie())
        .isEqualTo(ConsoleLogin.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  }

  @Test
  void cookieAndFormParsing() {
    assertThat(ConsoleLogin.cookie("a=1; windlass_console=xyz ; b=2", "windlass_console"))
        .isEqualTo("xyz");
    assertThat(ConsoleLogin.cookie("a=1", "windlass_console")).isNull();
    assertThat(ConsoleLogin.cookie(null, "windlass_console")).isNull();
    assertThat(ConsoleLogin.formParameter("x&token=a%20b", "token")).isEqualTo("a b");
    assertThat(ConsoleLogin.formParameter("tokens=1", "token")).isNull();
    assertThat(ConsoleLogin.isForm("Application/X-WWW-Form-Urlencoded;charset=utf-8")).isTrue();
    assertThat(ConsoleLogin.isForm("multipart/form-data")).isFalse();
  }

  private static String location(ConsoleLogin.Access access) {
    assertThat(access).isInstanceOf(Answer.class);
    return ((Answer) access).response().headers().get("Location");
  }
}
