/**
 * The reliability suite: the agent's jar run as users run it, and as an adversarial user would try
 * it — hostile files, pushes, clients and clocks — checking that what it acknowledges is kept and
 * that every refusal is clear.
 */
package io.windlass.it.reliability;
