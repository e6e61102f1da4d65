/**
 * The reliability suite: the agent's jar run against real backends under hostile conditions (faulty
 * backends, crashes), checking that what it acknowledges is kept and that what it sends twice stays
 * within its bounds.
 */
package io.windlass.it.reliability;
