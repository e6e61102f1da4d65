package io.windlass.collector.nsenter;

import io.windlass.collector.Accumulator;
import io.windlass.collector.ErrorMetricsSource;
import io.windlass.collector.InputExt;
import io.windlass.collector.Metric;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An input that can collect inside another process's network namespace.
 *
 * <p>In {@link NetworkMode#AGENT} mode {@link #collect} calls {@link #collectInProcess}. In {@link
 * NetworkMode#POD} mode it calls {@link #serializeRequest()}, {@link #executeRequest} (the {@link
 * RequestExecutor}, against the target pid), then {@link #processResponse}. When the executor has
 * no usable response, the helper answers {@code success=false}, or the response's data is not what
 * {@code processResponse} expects, it calls {@link #generateErrorMetrics} instead, counts the
 * failure ({@link #debugInfo()}: {@code helperFailures}, {@code lastHelperError}) and returns
 * normally, so the window still gets the error metrics.
 *
 * <p>It is also an {@link ErrorMetricsSource}: when a collect throws or the pipeline abandons it at
 * its timeout, the pipeline gets {@link #generateErrorMetrics} for a fresh {@link
 * #serializeRequest()}. So those two may be called on another thread while an abandoned collect is
 * still running: they should read only the input's configuration.
 *
 * <p>Like every input, an instance is never called concurrently with itself; {@link #debugInfo()}
 * may be read from another thread.
 */
public abstract class InputExtNsEnter implements InputExt, ErrorMetricsSource {
  private final NsEnterTarget target;
  private final RequestExecutor executor;
  private final AtomicLong helperRuns = new AtomicLong();
  private final AtomicLong helperFailures = new AtomicLong();
  private final AtomicReference<String> lastHelperError = new AtomicReference<>("");

  /** An input collecting at {@code target}, running helpers through {@code executor}. */
  protected InputExtNsEnter(NsEnterTarget target, RequestExecutor executor) {
    this.target = Objects.requireNonNull(target, "target");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Where this input collects. */
  public final NsEnterTarget target() {
    return target;
  }

  /** Network mode of {@link #target()}. */
  public final NetworkMode networkMode() {
    return target.mode();
  }

  @Override
  public final void collect(Accumulator accumulator) throws Exception {
    if (target.mode() == NetworkMode.AGENT) {
      collectInProcess(accumulator);
      return;
    }
    NsEnterRequest request = serializeRequest();
    helperRuns.incrementAndGet();
    try {
      NsEnterResponse response = executeRequest(request);
      if (!response.success()) {
        throw new NsEnterException(
            NsEnterException.Reason.ACTION_FAILED,
            request.actionType() + " helper answered: " + response.message());
      }
      processResponse(request, response, accumulator);
    } catch (NsEnterException e) {
      helperFailures.incrementAndGet();
      lastHelperError.set(e.reason() + ": " + e.getMessage());
      generateErrorMetrics(request, e, accumulator);
    }
  }

  /** Collects in the agent's own namespace, without a helper. */
  protected abstract void collectInProcess(Accumulator accumulator) throws Exception;

  /** The request for the helper, with whatever state {@code processResponse} needs back. */
  public abstract NsEnterRequest serializeRequest() throws Exception;

  /** Runs {@code request} in the target's namespace; by default through the executor. */
  public NsEnterResponse executeRequest(NsEnterRequest request)
      throws NsEnterException, InterruptedException {
    return executor.execute(target.pid(), request);
  }

  /**
   * Turns a successful response into metrics; by default {@link
   * NsEnterHelper#processResponse(com.fasterxml.jackson.databind.JsonNode)} on its data.
   *
   * @throws NsEnterException ({@link NsEnterException.Reason#BAD_RESPONSE}) when the data is not
   *     what this input expects
   */
  public void processResponse(
      NsEnterRequest request, NsEnterResponse response, Accumulator accumulator)
      throws NsEnterException {
    for (Metric metric : NsEnterHelper.processResponse(response.data())) {
      accumulator.addMetric(metric);
    }
  }

  /** Adds the metrics that stand for a failed helper run; by default none. */
  public void generateErrorMetrics(
      NsEnterRequest request, NsEnterException failure, Accumulator accumulator) {}

  /**
   * {@link #generateErrorMetrics} for a collect that threw or was abandoned, with a fresh {@link
   * #serializeRequest()}: the failure is the one thrown when it is an {@link NsEnterException},
   * else one of reason {@link NsEnterException.Reason#TIMEOUT} when abandoned or {@link
   * NsEnterException.Reason#ACTION_FAILED} caused by what was thrown. Adds nothing when no request
   * can be made.
   */
  @Override
  public void addErrorMetrics(@Nullable Throwable failure, Accumulator accumulator) {
    NsEnterRequest request;
    try {
      request = serializeRequest();
    } catch (Exception e) {
      return;
    }
    NsEnterException nsFailure;
    if (failure instanceof NsEnterException thrown) {
      nsFailure = thrown;
    } else if (failure == null) {
      nsFailure =
          new NsEnterException(
              NsEnterException.Reason.TIMEOUT, request.actionType() + " collect timed out");
    } else {
      nsFailure =
          new NsEnterException(
              NsEnterException.Reason.ACTION_FAILED,
              request.actionType() + " collect failed: " + failure,
              failure);
    }
    generateErrorMetrics(request, nsFailure, accumulator);
  }

  @Override
  public Map<String, Object> debugInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("networkMode", target.mode().name());
    info.put("targetPid", target.pid());
    info.put("helperRuns", helperRuns.get());
    info.put("helperFailures", helperFailures.get());
    info.put("lastHelperError", lastHelperError.get());
    return info;
  }

  /** Helper runs that failed so far. */
  public final long helperFailures() {
    return helperFailures.get();
  }
}
