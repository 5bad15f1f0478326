package io.github.bufferedcounter.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares each counter in the database with the ledger: {@code acknowledged <= database <=
 * acknowledged + uncertain}. What falls short of the lower bound is lost, what exceeds the upper
 * bound is duplicated; both are in counter units (a {@code hits} increment is 1, a
 * {@code points} increment 1 to 5).
 */
final class Verdict {

	private long databaseTotal;

	private long lost;

	private long duplicated;

	private long uncertainLanded;

	private int counters;

	private long largestUncertain;

	private final List<String> offenders = new ArrayList<>();

	/**
	 * Checks every counter.
	 * @param ledger what the workers recorded
	 * @param database the value of every counter
	 * @return the verdict
	 */
	static Verdict check(Ledger ledger, Map<Ledger.Counter, Long> database) {
		Verdict verdict = new Verdict();
		database.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(
					(a, b) -> (a.row() != b.row()) ? Long.compare(a.row(), b.row()) : a.field().compareTo(b.field())))
			.forEach((entry) -> verdict.check(entry.getKey(), ledger.bounds(entry.getKey()), entry.getValue()));
		return verdict;
	}

	private void check(Ledger.Counter counter, Ledger.Bounds bounds, long value) {
		this.counters++;
		this.databaseTotal += value;
		this.largestUncertain = Math.max(this.largestUncertain, bounds.uncertain);
		long low = bounds.acknowledged;
		long high = bounds.acknowledged + bounds.uncertain;
		if (value < low) {
			this.lost += low - value;
			this.offenders.add(counter + " = " + value + ", below " + low + " (" + bounds + ")");
		}
		else if (value > high) {
			this.duplicated += value - high;
			this.offenders.add(counter + " = " + value + ", above " + high + " (" + bounds + ")");
		}
		else {
			this.uncertainLanded += value - low;
		}
	}

	long databaseTotal() {
		return this.databaseTotal;
	}

	long lost() {
		return this.lost;
	}

	long duplicated() {
		return this.duplicated;
	}

	/** Units of uncertain increments that landed, on counters within their bounds. */
	long uncertainLanded() {
		return this.uncertainLanded;
	}

	int counters() {
		return this.counters;
	}

	/** The largest sum of may-land deltas of one counter: how much a duplicate there could hide behind. */
	long largestUncertain() {
		return this.largestUncertain;
	}

	/** The counters out of bounds, with their value and bounds. */
	List<String> offenders() {
		return this.offenders;
	}

}
