package io.windlass.it.agent;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The agent processes a test starts: each is stopped after the test, and the log tail of one that
 * had already exited (crashed, refused its config) is printed, so a failure shows why.
 *
 * <pre>{@code
 * @RegisterExtension final AgentExtension agents = new AgentExtension();
 * ...
 * WindlassAgentProcess agent = agents.track(new WindlassAgentProcess().config(yaml)).start();
 * }</pre>
 */
public final class AgentExtension implements AfterEachCallback {
  private static final int LOG_LINES = 60;

  private final List<WindlassAgentProcess> agents = new ArrayList<>();

  /** Stops {@code agent} after the test; returns it, not yet started. */
  public WindlassAgentProcess track(WindlassAgentProcess agent) {
    agents.add(agent);
    return agent;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (WindlassAgentProcess agent : agents) {
      if (!agent.isRunning()) {
        System.err.println(agent.tail(LOG_LINES));
      }
      agent.close();
    }
    agents.clear();
  }
}
