package io.windlass.spool.socket;

import static java.util.Objects.requireNonNull;

import io.windlass.spool.PeriodicWorker;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger protocol, Juju's {@code collect-metrics} and {@code send-metrics} sockets: a client
 * connects and sends nothing; the agent runs an action and answers one line, {@code ok} if it
 * completed or {@code error: <message>} if it threw, then closes the connection. Anything the
 * client sends is ignored. {@link TriggerClient} is the other end.
 *
 * <p>The action runs on the connection's thread and must finish within the connection's deadline
 * (the listener's timeout, 3 s by default) for the answer to arrive; an action that takes longer is
 * not interrupted, but its answer is lost, because the listener closes the connection at the
 * deadline. An action that waits for other work (for example {@link PeriodicWorker#runNow()})
 * should bound that wait by {@link Connection#remaining()}, leaving time to answer, and throw a
 * {@link TimeoutException} saying that the work goes on: it is answered as an error and logged in
 * one line, without a stack trace.
 */
public final class TriggerHandler implements ConnectionHandler {

  /** What a trigger does; it may throw to report failure to the client. */
  @FunctionalInterface
  public interface Action {

    /** Does the work; the connection is given for its deadline and peer. */
    void run(Connection connection) throws Exception;
  }

  private static final Logger logger = LoggerFactory.getLogger(TriggerHandler.class);

  private final Action action;

  public TriggerHandler(Action action) {
    this.action = requireNonNull(action, "action");
  }

  @Override
  public void handle(Connection connection) throws Exception {
    String reply;
    try {
      action.run(connection);
      reply = ReplyLines.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = ReplyLines.error("interrupted");
    } catch (TimeoutException e) {
      // The action outlasted the connection and goes on: an answer, not a fault of the agent's.
      logger.info("triggered action for {}: {}", connection, e.getMessage());
      reply = ReplyLines.error(e);
    } catch (Exception e) {
      logger.warn("triggered action for {} failed", connection, e);
      reply = ReplyLines.error(e);
    }
    connection.output().write(ReplyLines.encode(reply));
    connection.output().flush();
  }
}
