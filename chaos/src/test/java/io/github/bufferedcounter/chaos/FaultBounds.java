package io.github.bufferedcounter.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds what the ledger cannot settle by what the run's faults explain, so that a regression
 * that makes increments fail, or leaves them unfinished, shows even though such increments may
 * land:
 * <ul>
 * <li>an operation in flight (attempt, no outcome) only in a worker that was SIGKILLed or died,
 * at most one per load thread, as a thread makes one operation at a time;</li>
 * <li>an unreadable ack log line only as the last line of such a worker's log (a write cut by
 * the kill), at most one per log;</li>
 * <li>a transaction that failed on a database error at most once per PostgreSQL session the run
 * terminated: each terminated session fails at most the one transaction that uses it next;</li>
 * <li>no call that threw without a database error, and no committed transaction reported lost:
 * no fault of the run explains either, as the starter holds adds while Redis is away or refusing
 * writes.</li>
 * </ul>
 */
final class FaultBounds {

	private final List<Row> rows = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	/**
	 * Checks the ledger against the faults.
	 * @param ledger what the workers recorded
	 * @param stopped the workers that were SIGKILLed or died, by name
	 * @param threads load threads per worker
	 * @param terminatedSessions PostgreSQL sessions the run terminated
	 * @return the bounds and what exceeded them
	 */
	static FaultBounds check(Ledger ledger, Set<String> stopped, int threads, long terminatedSessions) {
		FaultBounds bounds = new FaultBounds();
		long killedThreads = (long) threads * stopped.size();
		String killedText = threads + " threads x " + stopped.size() + " workers SIGKILLed or died";
		for (Map.Entry<String, Ledger.Unfinished> worker : ledger.workers().entrySet()) {
			Ledger.Unfinished unfinished = worker.getValue();
			boolean wasStopped = stopped.contains(worker.getKey());
			if (!wasStopped && unfinished.inFlight > 0) {
				bounds.violations.add(worker.getKey() + " ended normally with " + unfinished.inFlight
						+ " operations in flight");
			}
			if (unfinished.mostInFlightInOneLog > 1) {
				bounds.violations.add(worker.getKey() + " has a log with " + unfinished.mostInFlightInOneLog
						+ " operations in flight; a thread makes one at a time");
			}
			if (!wasStopped && unfinished.unreadableLines > 0) {
				bounds.violations.add(worker.getKey() + " ended normally with " + unfinished.unreadableLines
						+ " unreadable ack log lines");
			}
			if (unfinished.unsoundLogs > 0) {
				bounds.violations.add(worker.getKey() + " has " + unfinished.unsoundLogs
						+ " ack logs with an unreadable line before the last");
			}
		}
		bounds.bound("operations in flight at a SIGKILL (may land)", ledger.inFlightOperations(), killedThreads,
				killedText);
		bounds.bound("torn ack log lines", ledger.unreadableLines(), killedThreads, killedText);
		bounds.bound("transactions failed on a database error (must not land)",
				ledger.operations(Fate.TRANSACTION_FAILED), terminatedSessions,
				"PostgreSQL sessions terminated");
		bounds.bound("calls that threw, no fault explains it (may land)", ledger.operations(Fate.CALL_FAILED), 0,
				"none: adds are held while Redis is away");
		bounds.bound("committed transactions reported lost by the starter (may land)",
				ledger.operations(Fate.REPORTED_LOST), 0, "none: adds are held while Redis is away");
		return bounds;
	}

	private void bound(String label, long count, long bound, String explainedBy) {
		this.rows.add(new Row(label, count, bound, explainedBy));
		if (count > bound) {
			this.violations.add(label + ": " + count + ", more than the " + bound + " that " + explainedBy
					+ " explain");
		}
	}

	List<Row> rows() {
		return this.rows;
	}

	/** What exceeded its bound; empty when every uncertain increment is explained by a fault. */
	List<String> violations() {
		return this.violations;
	}

	/**
	 * One bounded category.
	 *
	 * @param label what is counted
	 * @param count how many the run had
	 * @param bound how many its faults explain
	 * @param explainedBy which faults
	 */
	record Row(String label, long count, long bound, String explainedBy) {
	}

}
