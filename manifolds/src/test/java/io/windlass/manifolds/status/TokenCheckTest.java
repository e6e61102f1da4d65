package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCheckTest {
  private final TokenCheck check = new TokenCheck("s3cret");

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theTokenIsTakenAsBearerAsInfluxDbsTokenOrAsTheBasicPassword() {
    assertThat(check.admits("Bearer s3cret")).isTrue();
    assertThat(check.admits("bearer  s3cret ")).isTrue();
    assertThat(check.admits("Token s3cret")).isTrue();
    assertThat(check.admits(basic("anyone:s3cret"))).isTrue();
    assertThat(check.admits(basic(":s3cret"))).isTrue();
  }

  @Test
  void anythingElseIsRefused() {
    assertThat(check.admits(null)).isFalse();
    assertThat(check.admits("")).isFalse();
    assertThat(check.admits("s3cret")).isFalse();
    assertThat(check.admits("Bearer s3cre")).isFalse();
    assertThat(check.admits("Bearer s3cret-and-more")).isFalse();
    assertThat(check.admits("Digest s3cret")).isFalse();
    assertThat(check.admits(basic("s3cret:other"))).isFalse();
    assertThat(check.admits(basic("s3cret"))).isFalse();
    assertThat(check.admits("Basic not-base64!")).isFalse();
  }
}
