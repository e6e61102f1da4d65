package io.windlass.engine;

/**
 * Signal: this manifold's job is done for good. The engine removes it; its dependents are bounced
 * and then see it as a missing input. Installing the same name again later starts the new
 * declaration and bounces those dependents again.
 */
public final class UninstallException extends EngineSignal {

  /** An uninstall with a message saying why. */
  public UninstallException(String reason) {
    super(reason);
  }
}
