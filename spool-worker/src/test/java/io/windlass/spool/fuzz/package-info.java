/**
 * The kit of the parser fuzzing: a small seeded property runner on JUnit Jupiter, whose tests
 * (tagged {@value FuzzSettings#TAG}, in classes named {@code *FuzzTest}) feed the agent's readers
 * arbitrary and near-valid input.
 *
 * <ul>
 *   <li>{@link io.windlass.spool.fuzz.Gen} generates input from {@link
 *       io.windlass.spool.fuzz.Choices} (a {@link java.util.SplittableRandom}, or a recorded
 *       sequence when shrinking): combinators, numbers, bytes, strings of alphabets.
 *   <li>{@link io.windlass.spool.fuzz.Mutations} turns valid input into near-valid input: a list of
 *       edits (bit flips, truncation, deletion, duplication and insertion of bytes that parsers
 *       trip on).
 *   <li>{@link io.windlass.spool.fuzz.FuzzRun} runs a property for the build's tries from the
 *       build's seed ({@link io.windlass.spool.fuzz.FuzzSettings}: a fixed one in the normal build,
 *       a random one in the {@code fuzz} profile), and reports a failure with its seed and its
 *       input shrunk ({@link io.windlass.spool.fuzz.Shrinker}) and printed readably ({@link
 *       io.windlass.spool.fuzz.InputText}).
 *   <li>{@link io.windlass.spool.fuzz.Bounded} runs one try on another thread with a generous time
 *       limit, so that a hang or a stack overflow fails the property instead of the build.
 * </ul>
 *
 * <p>Other modules use it through this module's test jar.
 */
@NullMarked
package io.windlass.spool.fuzz;

import org.jspecify.annotations.NullMarked;
