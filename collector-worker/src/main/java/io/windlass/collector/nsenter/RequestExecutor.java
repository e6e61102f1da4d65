package io.windlass.collector.nsenter;

/**
 * Runs a request in a target's network namespace and returns the helper's response. The default is
 * {@link CommandRequestExecutor#nsenterForRunningJvm()}; an executor that calls a container
 * runtime's exec API can replace it.
 *
 * <p>Implementations enforce {@link NsEnterRequest#timeout()}, leave nothing running after they
 * return, and may be called from several inputs at once.
 */
@FunctionalInterface
public interface RequestExecutor {

  /**
   * Runs {@code request} in the network namespace of process {@code targetPid}.
   *
   * @return the helper's response, successful or not
   * @throws NsEnterException when there is no usable response (start failure, timeout, non-zero
   *     exit, bad JSON)
   * @throws InterruptedException when interrupted; the helper was stopped
   */
  NsEnterResponse execute(long targetPid, NsEnterRequest request)
      throws NsEnterException, InterruptedException;
}
