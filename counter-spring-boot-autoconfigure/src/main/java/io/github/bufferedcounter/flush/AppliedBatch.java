package io.github.bufferedcounter.flush;

import java.util.List;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.RejectedDelta;

/**
 * What applying one batch did in the database.
 *
 * @param rows rows updated
 * @param orphans counters whose row no longer exists; their deltas are dropped
 * @param rejected deltas that failed alone and go back to the store
 * @param replayed whether the batch had already been applied, by an earlier attempt or by
 * another flusher, so that this attempt changed nothing
 * @param changes the old and new value of each counter updated, to be published after the
 * commit; empty when change events are not published, and for a replayed batch
 */
record AppliedBatch(int rows, List<CounterKey> orphans, List<RejectedDelta> rejected, boolean replayed,
		List<CounterChangedEvent> changes) {

}
