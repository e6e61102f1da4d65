package io.windlass.manifolds.sockets;

import com.google.inject.Inject;
import io.windlass.manifolds.config.AgentConfig;

/** The {@code collect-socket} worker: {@code collect.sock} runs the collectors now. */
final class CollectSocketWorker extends SocketWorker {

  @Inject
  CollectSocketWorker(AgentConfig config, TriggerTargets targets) {
    super(
        SocketManifoldModule.COLLECT_SOCKET,
        config,
        SocketManifoldModule.COLLECT_SOCKET_FILE,
        targets.handler(TriggerTargets.Trigger.COLLECT));
  }
}
