/**
 * The {@code windlass} command line, built on picocli: {@link io.windlass.manifolds.cli.Main} is
 * the runnable jar's entry point, {@link io.windlass.manifolds.cli.WindlassCommand} the top
 * command, and each subcommand one class.
 *
 * <p>Commands parse options, assemble Guice modules and run them; they hold no engine or worker
 * logic of their own. Reports go to standard output, logs to standard error ({@link
 * io.windlass.manifolds.cli.LogOutput}). {@link io.windlass.manifolds.cli.AgentModules} is the one
 * list of modules {@code run} and {@code graph} build the engine from, and {@link
 * io.windlass.manifolds.cli.ExtraModules} loads those the config names or the class path provides.
 * Commands that talk to a running agent find it through its data directory ({@link
 * io.windlass.manifolds.cli.DataDirOptions}): its sockets and {@code run/status.url}.
 */
@NullMarked
package io.windlass.manifolds.cli;

import org.jspecify.annotations.NullMarked;
