/**
 * Namespaced collection: inputs that run inside another process's network namespace (a pod's),
 * after the HoloInsight agent's {@code InputExtNsEnter}.
 *
 * <p>An {@link io.windlass.collector.nsenter.InputExtNsEnter} in {@link
 * io.windlass.collector.nsenter.NetworkMode#AGENT} mode collects in-process, in the agent's own
 * namespace. In {@link io.windlass.collector.nsenter.NetworkMode#POD} mode it serializes a request
 * ({@link io.windlass.collector.nsenter.NsEnterRequest}), a {@link
 * io.windlass.collector.nsenter.RequestExecutor} runs it in the target's namespace — by default
 * {@code nsenter --target <pid> --net -- java -cp <agent classpath>
 * io.windlass.collector.nsenter.Helper <actionType>} with the body on stdin — and the JSON response
 * ({@code {"success", "message", "data"}}) becomes metrics through {@link
 * io.windlass.collector.nsenter.NsEnterHelper#processResponse}. Failures (timeout, exit status, bad
 * JSON, {@code success=false}) become the input's error metrics and are counted.
 *
 * <p>The helper side finds its actions with {@link java.util.ServiceLoader} ({@link
 * io.windlass.collector.nsenter.HelperAction}), so this package does not know the inputs. It does
 * not find pods or pids: the caller names the target.
 */
@NullMarked
package io.windlass.collector.nsenter;

import org.jspecify.annotations.NullMarked;
