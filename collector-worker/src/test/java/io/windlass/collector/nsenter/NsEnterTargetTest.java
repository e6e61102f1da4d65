package io.windlass.collector.nsenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NsEnterTargetTest {

  @Test
  void podNeedsAPositivePidAndAgentTakesNone() {
    assertThat(NsEnterTarget.pod(5)).isEqualTo(new NsEnterTarget(NetworkMode.POD, 5));
    assertThat(NsEnterTarget.agent()).isEqualTo(new NsEnterTarget(NetworkMode.AGENT, 0));
    assertThatThrownBy(() -> NsEnterTarget.pod(0)).hasMessage("POD target pid 0 must be > 0");
    assertThatThrownBy(() -> new NsEnterTarget(NetworkMode.AGENT, 3))
        .hasMessage("AGENT target takes no pid, got 3");
  }

  @Test
  void requestsAreValidated() {
    assertThatThrownBy(() -> new NsEnterRequest("s", " ", "{}", Duration.ofSeconds(1)))
        .hasMessage("actionType must not be blank");
    assertThatThrownBy(() -> new NsEnterRequest("s", "a", "{}", Duration.ofSeconds(-1)))
        .hasMessage("timeout PT-1S must be > 0");
  }
}
