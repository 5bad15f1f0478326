package io.github.bufferedcounter.cache;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.github.bufferedcounter.store.CounterKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.resource.transaction.spi.TransactionStatus;

import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The counter cache deltas of one session's transaction. Registered with Hibernate as an
 * after-completion callback, it hands the deltas to the buffer once the transaction committed
 * and drops them on a rollback; the listeners never touch the buffer themselves. When the
 * COMMIT itself failed and no rollback followed it (the transaction status stays
 * {@code FAILED_COMMIT}), the outcome is unknown and the deltas go to {@code uncertain}.
 * Hibernate 7.2 calls no completion callback at all after such a failure, so inside a Spring
 * transaction the deltas are also registered as a {@link TransactionSynchronization} that
 * completes them if Hibernate did not.
 */
final class TransactionDeltas implements AfterCompletionCallback, TransactionSynchronization {

	private static final Log logger = LogFactory.getLog(TransactionDeltas.class);

	private final Map<CounterKey, Long> deltas = new HashMap<>();

	private final Set<CounterKey> deletedRows = new LinkedHashSet<>();

	private final SharedSessionContractImplementor session;

	private final Consumer<Map<CounterKey, Long>> committed;

	private final Consumer<Map<CounterKey, Long>> uncertain;

	private final Consumer<Collection<CounterKey>> deleted;

	private final Runnable completed;

	private boolean done;

	/**
	 * @param session the session whose transaction the deltas belong to
	 * @param committed takes the deltas after a commit
	 * @param uncertain takes the deltas after a commit with an unknown outcome
	 * @param deleted takes the rows with buffered counters deleted, after a commit
	 * @param completed told when the transaction ended either way
	 */
	TransactionDeltas(SharedSessionContractImplementor session, Consumer<Map<CounterKey, Long>> committed,
			Consumer<Map<CounterKey, Long>> uncertain, Consumer<Collection<CounterKey>> deleted, Runnable completed) {
		this.session = session;
		this.committed = committed;
		this.uncertain = uncertain;
		this.deleted = deleted;
		this.completed = completed;
	}

	Map<CounterKey, Long> deltas() {
		return this.deltas;
	}

	/** Every counter of each row with buffered counters that the transaction deleted. */
	Set<CounterKey> deletedRows() {
		return this.deletedRows;
	}

	@Override
	public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
		if (this.done) {
			return;
		}
		this.done = true;
		this.completed.run();
		if (success && !this.deletedRows.isEmpty()) {
			rowsDeleted();
			dropDeltasOfDeletedRows();
		}
		this.deltas.values().removeIf((delta) -> delta == 0);
		if (this.deltas.isEmpty()) {
			return;
		}
		if (!success) {
			if (failedCommit()) {
				this.uncertain.accept(this.deltas);
			}
			return;
		}
		try {
			this.committed.accept(this.deltas);
		}
		catch (RuntimeException ex) {
			logger.error("Lost counter cache deltas of a committed transaction, the store refused them: "
					+ this.deltas + "; BufferedCounters.recalculate repairs the counters", ex);
		}
	}

	/**
	 * The transaction's own deltas to rows it deleted (a post deleted with its comments) would
	 * only be dropped by the flush: they are not handed over at all.
	 */
	private void dropDeltasOfDeletedRows() {
		Set<String> rows = new HashSet<>();
		this.deletedRows.forEach((key) -> rows.add(key.row()));
		this.deltas.keySet().removeIf((key) -> rows.contains(key.row()));
	}

	/** Best effort: without it, the next flush only warns about the deleted rows' leftover deltas. */
	private void rowsDeleted() {
		try {
			this.deleted.accept(this.deletedRows);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not note " + this.deletedRows.size() + " deleted rows in the buffered counter store; "
					+ "the next flush reports their pending deltas as orphans: " + ex);
		}
	}

	/** Completes the deltas if the Spring transaction ended with a failed COMMIT Hibernate did not report. */
	@Override
	public void afterCompletion(int status) {
		if (!this.done && failedCommit()) {
			doAfterTransactionCompletion(false, this.session);
		}
	}

	private boolean failedCommit() {
		try {
			return this.session.accessTransaction().getStatus() == TransactionStatus.FAILED_COMMIT;
		}
		catch (RuntimeException closedOrJta) {
			return false;
		}
	}

}
