/**
 * Moving buffered deltas to the database: the {@link io.github.bufferedcounter.flush.Flusher}
 * claims a batch per shard, applies it in one transaction that records the batch id, and
 * acknowledges it; the schedule that runs it, and the listener and observer hooks.
 */
@NullMarked
package io.github.bufferedcounter.flush;

import org.jspecify.annotations.NullMarked;
