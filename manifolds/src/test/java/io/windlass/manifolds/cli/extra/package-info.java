/** Extra manifold modules for the CLI's tests, loaded by class name or through ServiceLoader. */
@NullMarked
package io.windlass.manifolds.cli.extra;

import org.jspecify.annotations.NullMarked;
