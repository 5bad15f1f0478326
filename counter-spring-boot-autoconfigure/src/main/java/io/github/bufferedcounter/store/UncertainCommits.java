package io.github.bufferedcounter.store;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;

/**
 * Deltas of transactions whose COMMIT failed without telling whether it took effect, as when
 * the connection drops while the database commits. Handing them to the store could count
 * increments that never happened, and so could a retry; they are dropped, and each such
 * transaction is logged at ERROR with its deltas, so that {@code BufferedCounters.recalculate}
 * can repair the counters it names if the transaction did commit, and counted for the
 * {@code buffered.counter.lost} metric.
 */
public final class UncertainCommits {

	private final LongAdder lost = new LongAdder();

	/**
	 * Drops the deltas of a transaction whose commit outcome is unknown.
	 * @param deltas the transaction's deltas
	 * @param logger where the loss is logged
	 * @param what what the deltas are, for the log, e.g. "counter cache deltas"
	 */
	public void drop(Map<CounterKey, Long> deltas, Log logger, String what) {
		this.lost.add(deltas.size());
		logger.error("The COMMIT of a transaction failed and it is unknown whether the database committed it, so its "
				+ what + " were not added: " + deltas + "; if the transaction did commit, "
				+ "BufferedCounters.recalculate repairs these counters");
	}

	/**
	 * Returns how many deltas were dropped since startup because their transaction's commit
	 * outcome was unknown.
	 * @return the number of deltas, one per counter and transaction
	 */
	public long lostDeltas() {
		return this.lost.sum();
	}

}
