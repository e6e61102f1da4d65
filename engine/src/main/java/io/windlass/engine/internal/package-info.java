/**
 * The engine's machinery: the loop and its events, per-manifold slots, worker creation in child
 * injectors, injection analysis and graph validation. Not an API: nothing outside the engine module
 * may import it, and it changes without notice.
 */
@NullMarked
package io.windlass.engine.internal;

import org.jspecify.annotations.NullMarked;
