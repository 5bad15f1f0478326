package io.github.bufferedcounter.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.github.bufferedcounter.store.CounterKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;

/**
 * The counter cache deltas of one session's transaction. Registered with Hibernate as an
 * after-completion callback, it hands the deltas to the buffer once the transaction committed
 * and drops them on a rollback; the listeners never touch the buffer themselves.
 */
final class TransactionDeltas implements AfterCompletionCallback {

	private static final Log logger = LogFactory.getLog(TransactionDeltas.class);

	private final Map<CounterKey, Long> deltas = new HashMap<>();

	private final Consumer<Map<CounterKey, Long>> committed;

	private final Runnable completed;

	/**
	 * @param committed takes the deltas after a commit
	 * @param completed told when the transaction ended either way
	 */
	TransactionDeltas(Consumer<Map<CounterKey, Long>> committed, Runnable completed) {
		this.committed = committed;
		this.completed = completed;
	}

	Map<CounterKey, Long> deltas() {
		return this.deltas;
	}

	@Override
	public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
		this.completed.run();
		this.deltas.values().removeIf((delta) -> delta == 0);
		if (!success || this.deltas.isEmpty()) {
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

}
