/**
 * The layout's rules as tests: which module may depend on which, where {@code internal} packages
 * may be used from, and what the wire-format package shows. They read the main classes of every
 * module, which it-tests depends on.
 */
@NullMarked
package io.windlass.it.architecture;

import org.jspecify.annotations.NullMarked;
