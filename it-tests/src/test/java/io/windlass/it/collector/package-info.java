/**
 * The collector's host inputs against real software: their node_exporter naming compared with a
 * real node_exporter on the same machine.
 */
package io.windlass.it.collector;
