package io.github.bufferedcounter.increment;

import java.util.HashMap;
import java.util.Map;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds the increments of one Spring-managed transaction and hands them to the store after the
 * commit, summed per counter, in one call. A rollback drops them. Outside a transaction an
 * increment goes to the store at once.
 */
final class TransactionalDeltas implements TransactionSynchronization {

	private final DeltaStore store;

	private final Map<CounterKey, Long> deltas = new HashMap<>();

	private TransactionalDeltas(DeltaStore store) {
		this.store = store;
	}

	static void record(DeltaStore store, CounterKey key, long delta) {
		TransactionalDeltas current = current(store, true);
		if (current == null) {
			store.add(Map.of(key, delta));
			return;
		}
		current.deltas.merge(key, delta, Math::addExact);
	}

	/** Returns what the current transaction has recorded for a counter and not yet committed. */
	static long uncommitted(DeltaStore store, CounterKey key) {
		TransactionalDeltas current = current(store, false);
		return (current != null) ? current.deltas.getOrDefault(key, 0L) : 0;
	}

	private static TransactionalDeltas current(DeltaStore store, boolean create) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return null;
		}
		TransactionalDeltas current = (TransactionalDeltas) TransactionSynchronizationManager.getResource(store);
		if (current == null && create) {
			current = new TransactionalDeltas(store);
			TransactionSynchronizationManager.bindResource(store, current);
			TransactionSynchronizationManager.registerSynchronization(current);
		}
		return current;
	}

	@Override
	public void suspend() {
		TransactionSynchronizationManager.unbindResource(this.store);
	}

	@Override
	public void resume() {
		TransactionSynchronizationManager.bindResource(this.store, this);
	}

	@Override
	public void afterCommit() {
		this.deltas.values().removeIf((delta) -> delta == 0);
		if (!this.deltas.isEmpty()) {
			this.store.add(this.deltas);
		}
	}

	@Override
	public void afterCompletion(int status) {
		TransactionSynchronizationManager.unbindResourceIfPossible(this.store);
	}

}
