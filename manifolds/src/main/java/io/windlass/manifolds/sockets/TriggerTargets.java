package io.windlass.manifolds.sockets;

import static java.util.Objects.requireNonNull;

import com.google.inject.Singleton;
import io.windlass.spool.socket.Connection;
import io.windlass.spool.socket.TriggerHandler;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the trigger sockets run: the "run now" actions of the workers that collect and send. One per
 * application injector ({@link SocketManifoldModule} binds it as a singleton), so a worker of any
 * manifold injects it without depending on the sockets, and the sockets need no dependency on the
 * workers:
 *
 * <pre>{@code
 * final class SenderWorker extends AbstractScheduledService {
 *   @Inject SenderWorker(MetricFactory factory, TriggerTargets targets) { … }
 *   @Override protected void startUp() {
 *     registration = targets.register(Trigger.SEND, connection -> sendNow(connection.remaining()));
 *   }
 *   @Override protected void shutDown() { registration.close(); }
 * }
 * }</pre>
 *
 * <p>A trigger with no action registered fails with {@code no collector is running} or {@code no
 * sender is running}, which the socket answers as {@code error: <message>}. With several actions
 * registered (several collectors), a trigger runs each in registration order; if any fail, it fails
 * with the first failure, the others suppressed. Thread-safe.
 */
@Singleton
public final class TriggerTargets {

  /** The triggers the agent serves, each on its own socket. */
  public enum Trigger {
    /** {@code collect.sock}: collect now. */
    COLLECT("collector"),
    /** {@code send.sock}: send the spool now. */
    SEND("sender");

    private final String worker;

    Trigger(String worker) {
      this.worker = worker;
    }

    /** What the trigger fails with when nothing is registered. */
    String nothingRegistered() {
      return "no " + worker + " is running";
    }
  }

  /** Removes a registered action; idempotent. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final Map<Trigger, List<TriggerHandler.Action>> actions = new EnumMap<>(Trigger.class);

  public TriggerTargets() {
    for (Trigger trigger : Trigger.values()) {
      actions.put(trigger, new CopyOnWriteArrayList<>());
    }
  }

  /** Runs {@code action} on every {@code trigger} until the registration is closed. */
  public Registration register(Trigger trigger, TriggerHandler.Action action) {
    requireNonNull(action, "action");
    // A wrapper per registration, so that registering one action twice needs two closes.
    TriggerHandler.Action registered = action::run;
    List<TriggerHandler.Action> list = actions.get(requireNonNull(trigger, "trigger"));
    list.add(registered);
    return () -> list.remove(registered);
  }

  /** How many actions {@code trigger} runs now. */
  public int registered(Trigger trigger) {
    return actions.get(trigger).size();
  }

  /**
   * Runs every action registered for {@code trigger}, on the caller's thread.
   *
   * @throws IllegalStateException if none is registered
   * @throws Exception the first action's failure, any later ones suppressed
   */
  public void run(Trigger trigger, Connection connection) throws Exception {
    List<TriggerHandler.Action> registered = List.copyOf(actions.get(trigger));
    if (registered.isEmpty()) {
      throw new IllegalStateException(trigger.nothingRegistered());
    }
    Exception failure = null;
    for (TriggerHandler.Action action : registered) {
      try {
        action.run(connection);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw e;
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The connection handler of {@code trigger}'s socket. */
  TriggerHandler handler(Trigger trigger) {
    return new TriggerHandler(connection -> run(trigger, connection));
  }
}
