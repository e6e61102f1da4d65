package io.windlass.spool.internal;

import io.windlass.spool.EntryProblem;

/**
 * A file of a spool entry was not opened or not read to its end because it is not what a batch's
 * file is: a regular file, reached without following a link, within its size limit, readable. The
 * message names the file and the problem, e.g. {@code 0190….meta is a symbolic link}.
 */
public final class EntryRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final EntryProblem problem;

  public EntryRefusedException(EntryProblem problem, String message) {
    super(message);
    this.problem = problem;
  }

  /** What is wrong with the file. */
  public EntryProblem problem() {
    return problem;
  }
}
