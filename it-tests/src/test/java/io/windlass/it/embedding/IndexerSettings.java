package io.windlass.it.embedding;

import java.time.Duration;

/**
 * A host binding that a worker injects: it comes from the application injector, which is the parent
 * of every worker's child injector.
 *
 * @param period how often the indexer runs
 */
record IndexerSettings(Duration period) {}
