/**
 * The kit of the parser fuzzing: jqwik properties, tagged {@value FuzzSettings#TAG}, that feed the
 * agent's readers arbitrary and near-valid input.
 *
 * <ul>
 *   <li>{@link io.windlass.spool.fuzz.FuzzSettings} gives every property the build's seed: a fixed
 *       one in the normal build (a short, deterministic round), a random one in the {@code fuzz}
 *       profile (many tries; see README.md).
 *   <li>{@link io.windlass.spool.fuzz.Mutations} turns valid input into near-valid input: bit
 *       flips, truncation, deletion, duplication and insertion of bytes that parsers trip on.
 *   <li>{@link io.windlass.spool.fuzz.Bounded} runs one try on another thread with a generous time
 *       limit, so that a hang or a stack overflow fails the property instead of the build.
 * </ul>
 *
 * <p>Other modules use it through this module's test jar.
 */
@NullMarked
package io.windlass.spool.fuzz;

import org.jspecify.annotations.NullMarked;
