/**
 * The {@code windlass} command line, built on picocli: {@link io.windlass.manifolds.cli.Main} is
 * the runnable jar's entry point, {@link io.windlass.manifolds.cli.WindlassCommand} the top
 * command, and each subcommand one class.
 *
 * <p>Commands parse options, assemble Guice modules and run them; they hold no engine or worker
 * logic of their own. Reports go to standard output, logs to standard error.
 */
@NullMarked
package io.windlass.manifolds.cli;

import org.jspecify.annotations.NullMarked;
