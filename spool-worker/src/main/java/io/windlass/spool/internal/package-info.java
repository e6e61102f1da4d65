/**
 * The spool store's machinery: the directory index, bounds and quarantine ({@code SpoolStore}),
 * group-committed directory syncs, the process lock, batch ids, the hand-written metric line
 * encoder and the decoders. Not an API: nothing outside the spool-worker module may import it, and
 * it changes without notice.
 */
@NullMarked
package io.windlass.spool.internal;

import org.jspecify.annotations.NullMarked;
