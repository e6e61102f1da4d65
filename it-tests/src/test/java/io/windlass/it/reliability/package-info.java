/**
 * Reliability scenarios against the agent's jar run as users run it ({@link
 * io.windlass.it.agent.WindlassAgentProcess}, at {@code -Xmx128m}): hostile files, pushes, clients
 * and clocks, each shown not to lose or block acknowledged data.
 */
package io.windlass.it.reliability;
