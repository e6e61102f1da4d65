/**
 * The {@code dialcheck} input: is a TCP port accepting connections? Runs in the agent's network
 * namespace or, through the nsenter helper, in a pod's ({@link
 * io.windlass.collector.nsenter.InputExtNsEnter}).
 *
 * <p>It only connects and closes; it sends nothing and checks no protocol.
 */
@NullMarked
package io.windlass.collector.inputs.dialcheck;

import org.jspecify.annotations.NullMarked;
