package io.github.bufferedcounter.increment;

import java.util.List;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.unique.UniqueCounts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts distinct keys into a unique counter when the current Spring transaction commits, or
 * at once outside one. Adding a key twice counts it once, so unlike deltas these need no
 * bookkeeping against being sent twice.
 */
final class UniqueKeysAtCommit implements TransactionSynchronization {

	private static final Log logger = LogFactory.getLog(UniqueKeysAtCommit.class);

	private final UniqueCounts counts;

	private final CounterKey cell;

	private final List<String> keys;

	private UniqueKeysAtCommit(UniqueCounts counts, CounterKey cell, List<String> keys) {
		this.counts = counts;
		this.cell = cell;
		this.keys = keys;
	}

	static void add(UniqueCounts counts, CounterKey cell, List<String> keys) {
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()) {
			TransactionSynchronizationManager.registerSynchronization(new UniqueKeysAtCommit(counts, cell, keys));
		}
		else {
			counts.add(cell, keys);
		}
	}

	@Override
	public void afterCommit() {
		try {
			this.counts.add(this.cell, this.keys);
		}
		catch (RuntimeException ex) {
			// the transaction has committed; failing its caller now would not undo it
			logger.error("Could not count " + this.keys.size() + " unique keys into " + this.cell
					+ " after the transaction committed; they are not counted: " + ex, ex);
		}
	}

}
