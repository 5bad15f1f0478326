package io.github.bufferedcounter.increment;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.bufferedcounter.rollup.RollupBuckets;
import io.github.bufferedcounter.store.CommittedDeltas;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.UncertainCommits;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds the increments of one Spring-managed transaction and hands them to the store once the
 * transaction has committed, summed per counter, with their rollup buckets, in one call. A rollback drops them, and a
 * rollback to a savepoint (a {@code NESTED} transaction) drops those made after the savepoint.
 * The hand-off happens in {@link #afterCompletion}, after every {@code afterCommit} callback, so
 * increments made in another synchronization's {@code afterCommit} are included, and a store
 * failure neither reaches the caller of a transaction that did commit nor stops other
 * callbacks; it is logged with the deltas it lost, key by key ({@link CommittedDeltas}).
 * If the COMMIT itself fails with an unknown outcome ({@link CommitOutcome}), the deltas are
 * dropped and logged at ERROR by {@link UncertainCommits}. Outside a transaction an increment
 * goes to the store at once.
 */
final class TransactionalDeltas implements TransactionSynchronization {

	private static final Log logger = LogFactory.getLog(TransactionalDeltas.class);

	private final DeltaStore store;

	private final LongAdder recorded;

	private final UncertainCommits uncertain;

	private final RollupBuckets buckets;

	private boolean commitStarted;

	private Map<CounterKey, Long> deltas = new HashMap<>();

	private int increments;

	private final Map<Object, Snapshot> savepoints = new IdentityHashMap<>();

	private TransactionalDeltas(DeltaStore store, LongAdder recorded, UncertainCommits uncertain,
			RollupBuckets buckets) {
		this.store = store;
		this.recorded = recorded;
		this.uncertain = uncertain;
		this.buckets = buckets;
	}

	/**
	 * Records an increment now or, inside a transaction, after its commit.
	 * @param recorded counts increments once they are in the store
	 * @param uncertain takes the deltas of a transaction whose commit outcome is unknown
	 * @param buckets adds the rollup buckets of the deltas when they are handed over
	 */
	static void record(DeltaStore store, CounterKey key, long delta, LongAdder recorded, UncertainCommits uncertain,
			RollupBuckets buckets) {
		TransactionalDeltas current = current(store, recorded, uncertain, buckets);
		if (current == null) {
			store.add(buckets.withBuckets(Map.of(key, delta)));
			recorded.increment();
			return;
		}
		current.deltas.merge(key, delta, Math::addExact);
		current.increments++;
	}

	/** Returns what the current transaction has recorded for a counter and not yet handed over. */
	static long uncommitted(DeltaStore store, CounterKey key) {
		TransactionalDeltas current = current(store, null, null, null);
		return (current != null) ? current.deltas.getOrDefault(key, 0L) : 0;
	}

	/** Returns every delta the current transaction recorded so far, empty outside one. */
	static Map<CounterKey, Long> uncommittedAll(DeltaStore store) {
		TransactionalDeltas current = current(store, null, null, null);
		return (current != null) ? Map.copyOf(current.deltas) : Map.of();
	}

	/** Returns the transaction's deltas, created if {@code recorded} is given, or {@code null} outside one. */
	private static TransactionalDeltas current(DeltaStore store, LongAdder recorded, UncertainCommits uncertain,
			RollupBuckets buckets) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return null;
		}
		TransactionalDeltas current = (TransactionalDeltas) TransactionSynchronizationManager.getResource(store);
		if (current == null && recorded != null) {
			current = new TransactionalDeltas(store, recorded, uncertain, buckets);
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
	public void savepoint(Object savepoint) {
		this.savepoints.put(savepoint, new Snapshot(new HashMap<>(this.deltas), this.increments));
	}

	@Override
	public void savepointRollback(Object savepoint) {
		Snapshot snapshot = this.savepoints.get(savepoint);
		if (snapshot != null) {
			this.deltas = new HashMap<>(snapshot.deltas);
			this.increments = snapshot.increments;
		}
	}

	@Override
	public void beforeCommit(boolean readOnly) {
		this.commitStarted = true;
	}

	@Override
	public void afterCompletion(int status) {
		TransactionSynchronizationManager.unbindResourceIfPossible(this.store);
		this.deltas.values().removeIf((delta) -> delta == 0);
		if (this.deltas.isEmpty()) {
			return;
		}
		if (status != STATUS_COMMITTED) {
			if (CommitOutcome.unknown(status, this.commitStarted)) {
				this.uncertain.drop(this.deltas, logger, "buffered counter deltas");
			}
			return;
		}
		Map<CounterKey, Long> committed = this.buckets.withBuckets(this.deltas);
		if (CommittedDeltas.handOver(this.store, committed, logger, "buffered counter deltas").isEmpty()) {
			this.recorded.add(this.increments);
		}
	}

	private record Snapshot(Map<CounterKey, Long> deltas, int increments) {
	}

}
