package io.github.bufferedcounter.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares each counter (or rollup bucket) in the database with the ledger: {@code acknowledged
 * <= database <= acknowledged + uncertain}. What falls short of the lower bound is lost, what
 * exceeds the upper bound is duplicated; both are in counter units (a {@code hits} increment is
 * 1, a {@code points} increment 1 to 5). Every key of either side is checked: one the ledger
 * does not know must be 0 in the database, one the database lacks counts as 0.
 */
final class Verdict {

	private long databaseTotal;

	private long lost;

	private long duplicated;

	private long uncertainLanded;

	private int checked;

	private long largestUncertain;

	private final List<String> offenders = new ArrayList<>();

	/**
	 * Checks every key.
	 * @param <K> counters or buckets
	 * @param expected the bounds the ledger gives each key
	 * @param database the value of each key in the database
	 * @return the verdict
	 */
	static <K extends Comparable<K>> Verdict check(Map<K, Ledger.Bounds> expected, Map<K, Long> database) {
		Verdict verdict = new Verdict();
		TreeSet<K> keys = new TreeSet<>(expected.keySet());
		keys.addAll(database.keySet());
		for (K key : keys) {
			verdict.check(key, expected.getOrDefault(key, new Ledger.Bounds()), database.getOrDefault(key, 0L));
		}
		return verdict;
	}

	private void check(Object key, Ledger.Bounds bounds, long value) {
		this.checked++;
		this.databaseTotal += value;
		this.largestUncertain = Math.max(this.largestUncertain, bounds.uncertain);
		long low = bounds.acknowledged;
		long high = bounds.acknowledged + bounds.uncertain;
		if (value < low) {
			this.lost += low - value;
			this.offenders.add(key + " = " + value + ", below " + low + " (" + bounds + ")");
		}
		else if (value > high) {
			this.duplicated += value - high;
			this.offenders.add(key + " = " + value + ", above " + high + " (" + bounds + ")");
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

	/** Units of uncertain increments that landed, on keys within their bounds. */
	long uncertainLanded() {
		return this.uncertainLanded;
	}

	/** How many counters or buckets were checked. */
	int checked() {
		return this.checked;
	}

	/** The largest sum of may-land deltas of one key: how much a duplicate there could hide behind. */
	long largestUncertain() {
		return this.largestUncertain;
	}

	/** The keys out of bounds, with their value and bounds. */
	List<String> offenders() {
		return this.offenders;
	}

	/** Whether nothing was lost, nothing duplicated. */
	boolean exact() {
		return this.lost == 0 && this.duplicated == 0;
	}

}
