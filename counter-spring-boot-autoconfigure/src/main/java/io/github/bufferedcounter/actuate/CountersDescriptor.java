package io.github.bufferedcounter.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/counters} shows.
 *
 * @param store the store type, {@code redis} or {@code memory}
 * @param pendingKeys distinct buffered keys in the store (all entities)
 * @param pending one page of buffered deltas
 * @param nextCursor the cursor of the next page, or {@code null} after the last
 * @param oldestPendingAge ISO-8601 age of the oldest delta not yet acknowledged, or {@code null}
 * @param lastFlush the last flush of this instance that did something, or {@code null}
 * @param deadLetters parked deltas
 * @param paused whether an operator paused scheduled flushes on this instance
 * @param uniqueMarked rows of unique counters whose estimate waits to be written, or
 * {@code null} without unique counts
 */
public record CountersDescriptor(String store, long pendingKeys, List<PendingDeltaDescriptor> pending,
		@Nullable String nextCursor, @Nullable String oldestPendingAge, @Nullable LastFlushDescriptor lastFlush,
		long deadLetters, boolean paused, @Nullable Long uniqueMarked) {

	/**
	 * One buffered delta.
	 *
	 * @param entity the entity name
	 * @param id the id's string form
	 * @param field the counter field
	 * @param delta the buffered sum
	 */
	public record PendingDeltaDescriptor(String entity, String id, String field, long delta) {

	}

	/**
	 * The last flush.
	 *
	 * @param time ISO-8601 end time
	 * @param batches batches written
	 * @param keys keys written
	 * @param rows rows updated
	 * @param duration ISO-8601 duration
	 * @param outcome {@code ok}, {@code retrying} or {@code failed: <message>}
	 */
	public record LastFlushDescriptor(String time, int batches, int keys, int rows, String duration,
			String outcome) {

	}

}
