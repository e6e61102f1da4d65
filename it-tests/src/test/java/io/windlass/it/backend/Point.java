package io.windlass.it.backend;

/** One sample of a series: a timestamp in milliseconds since the epoch and a value. */
public record Point(long timestampMillis, double value) {}
