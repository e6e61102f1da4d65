/**
 * Reliability tests: the agent's jar run as its users run it, in a child JVM, against faults an
 * adversarial user or a bad day brings (odd files in the spool, hostile pushes and clients,
 * clocks), each checking that nothing acknowledged is lost or blocked.
 */
package io.windlass.it.reliability;
