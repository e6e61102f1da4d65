package io.windlass.manifolds.sockets;

import com.google.inject.Inject;
import io.windlass.manifolds.config.AgentConfig;

/** The {@code send-socket} worker: {@code send.sock} runs the senders now. */
final class SendSocketWorker extends SocketWorker {

  @Inject
  SendSocketWorker(AgentConfig config, TriggerTargets targets) {
    super(
        SocketManifoldModule.SEND_SOCKET,
        config,
        SocketManifoldModule.SEND_SOCKET_FILE,
        targets.handler(TriggerTargets.Trigger.SEND));
  }
}
