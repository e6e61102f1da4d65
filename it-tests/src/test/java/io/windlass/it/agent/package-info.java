/**
 * End-to-end tests of the agent as its users run it: the runnable jar in a child JVM, with real
 * backends (Prometheus, VictoriaMetrics) receiving what it forwards.
 */
package io.windlass.it.agent;
