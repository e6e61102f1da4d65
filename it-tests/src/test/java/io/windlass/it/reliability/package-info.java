/**
 * The agent's reliability promises, each held against a real agent process and, where the fault
 * needs one, real backends: what is refused at the door, what survives faults, what is sent again.
 */
package io.windlass.it.reliability;
