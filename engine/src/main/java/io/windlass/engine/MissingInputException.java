package io.windlass.engine;

/**
 * Signal: an input the worker needs is not available. The engine records it in the report and does
 * not restart the manifold until one of its inputs starts or stops.
 */
public final class MissingInputException extends EngineSignal {

  /** A missing input with a message of the caller's choosing. */
  public MissingInputException(String message) {
    super(message);
  }

  static MissingInputException notDeclared(String manifold, String input) {
    return new MissingInputException(
        "manifold \""
            + manifold
            + "\" asked for \""
            + input
            + "\", which is not declared as one"
            + " of its inputs");
  }

  static MissingInputException notRunning(String manifold, String input) {
    return new MissingInputException(
        "manifold \"" + manifold + "\": input \"" + input + "\" is not running");
  }
}
