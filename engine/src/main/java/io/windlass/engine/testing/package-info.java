/**
 * Support for testing code that runs on the engine: a {@link
 * io.windlass.engine.testing.ManualEngineClock} that moves only when told to. Pair it with {@link
 * io.windlass.engine.Engine#awaitQuiescence(java.time.Duration)} to assert what has, and has not,
 * happened without sleeping.
 */
@NullMarked
package io.windlass.engine.testing;

import org.jspecify.annotations.NullMarked;
