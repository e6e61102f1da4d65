/**
 * Running a child process with a deadline: stdin written, stdout and stderr read on their own
 * threads, and on timeout the process and all its descendants killed.
 *
 * <p>This package does not interpret output; inputs parse what it returns.
 */
@NullMarked
package io.windlass.collector.process;

import org.jspecify.annotations.NullMarked;
