/**
 * Reliability tests: the agent as users run it (a real process, a 128 MiB heap) against hostile
 * input and faults, each checking that nothing acknowledged is lost and that the agent stays
 * healthy.
 */
package io.windlass.it.reliability;
