package io.windlass.manifolds.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.manifolds.sockets.TriggerTargets.Trigger;
import io.windlass.spool.socket.TriggerHandler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TriggerTargetsTest {
  private final TriggerTargets targets = new TriggerTargets();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void withNothingRegisteredATriggerSaysWhichWorkerIsMissing() {
    assertThatThrownBy(() -> targets.run(Trigger.COLLECT, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no collector is running");
    assertThatThrownBy(() -> targets.run(Trigger.SEND, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no sender is running");
  }

  @Test
  void runsEveryRegisteredActionInOrderAndReportsTheFirstFailure() {
    targets.register(Trigger.COLLECT, connection -> ran.add("cpu"));
    targets.register(
        Trigger.COLLECT,
        connection -> {
          ran.add("disk");
          throw new IOException("disk timed out");
        });
    targets.register(
        Trigger.COLLECT,
        connection -> {
          ran.add("net");
          throw new IOException("net timed out");
        });

    assertThatThrownBy(() -> targets.run(Trigger.COLLECT, null))
        .hasMessage("disk timed out")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("net timed out"));
    assertThat(ran).containsExactly("cpu", "disk", "net");
  }

  @Test
  void closingARegistrationRemovesOnlyThatOneEvenForTheSameAction() throws Exception {
    TriggerHandler.Action send = connection -> ran.add("send");
    TriggerTargets.Registration one = targets.register(Trigger.SEND, send);
    targets.register(Trigger.SEND, send);

    one.close();
    one.close();

    assertThat(targets.registered(Trigger.SEND)).isEqualTo(1);
    targets.run(Trigger.SEND, null);
    assertThat(ran).containsExactly("send");
  }
}
