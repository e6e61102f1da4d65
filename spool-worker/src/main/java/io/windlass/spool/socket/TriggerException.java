package io.windlass.spool.socket;

import java.io.IOException;

/**
 * The agent answered a trigger with {@code error: <message>}: it ran the action and the action
 * failed. The exception's message is the agent's message.
 */
public final class TriggerException extends IOException {

  TriggerException(String message) {
    super(message);
  }
}
