package io.github.bufferedcounter.unique;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import io.github.bufferedcounter.store.CounterKey;

/**
 * Where unique counters keep their sketches: one HyperLogLog per counter cell, and a mark for
 * each cell whose estimate changed since a flush last wrote it. A flush {@link #claim claims}
 * marked cells with their estimates, writes them, and {@link #written} clears the marks; a
 * cell counted again in the meantime stays marked. Adding the same key twice changes nothing,
 * so a retried add, or a written estimate written again, counts nothing twice.
 */
public interface UniqueCounts {

	/**
	 * Adds distinct keys to a cell's sketch and marks the cell.
	 * @param cell the counter cell
	 * @param keys the keys, such as visitor ids; adding one already counted changes nothing
	 */
	void add(CounterKey cell, Collection<String> keys);

	/**
	 * Returns the estimated number of distinct keys of a cell.
	 * @param cell the counter cell
	 * @return the estimate, 0 for a cell never counted
	 */
	long estimate(CounterKey cell);

	/**
	 * Takes up to {@code max} marked cells of one shard, with their estimates, for a lease: a
	 * cell not {@link #written written} by then is taken again.
	 * @param shard the shard, from 0 to {@link #shards()} - 1
	 * @param max the most cells to take
	 * @param lease how long the cells are held
	 * @return the cells taken, empty when none is marked
	 */
	ClaimedEstimates claim(int shard, int max, Duration lease);

	/**
	 * Clears the marks of cells whose estimates were written, unless counted again since the
	 * claim.
	 * @param claimed what {@link #claim} returned
	 */
	void written(ClaimedEstimates claimed);

	/**
	 * Returns how many cells are marked: counted since their estimate was last written,
	 * claimed by a flush or not.
	 * @return the number of marked cells
	 */
	long markedCells();

	/**
	 * Returns the number of shards.
	 * @return at least 1
	 */
	int shards();

	/**
	 * The cells a claim took, and the lease that identifies the claim.
	 *
	 * @param shard the shard
	 * @param lease the end of the lease, in epoch milliseconds
	 * @param estimates each cell with its estimate when claimed
	 */
	record ClaimedEstimates(int shard, long lease, List<Estimate> estimates) {

		/**
		 * Returns whether the claim took nothing.
		 * @return whether there are no estimates
		 */
		public boolean isEmpty() {
			return this.estimates.isEmpty();
		}

	}

	/**
	 * A cell and its estimated number of distinct keys.
	 *
	 * @param cell the counter cell
	 * @param value the estimate
	 */
	record Estimate(CounterKey cell, long value) {

	}

}
