package io.github.bufferedcounter.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.chaos.worker.ChaosCounter;

/**
 * The outcome of a run and its table: faults injected, increments by fate, what the faults
 * explain, lost and duplicated per counter and per rollup bucket.
 *
 * @param header what ran where (run id, seed, size, servers)
 * @param load how long the load phase took, from the first worker's start to the last one's end
 * @param total how long the whole run took
 * @param launches worker JVMs started for the load
 * @param unexpectedExits workers that died on their own (not killed by the run)
 * @param faults faults injected by kind
 * @param terminatedSessions PostgreSQL sessions terminated in all
 * @param killedRedisClients Redis client connections closed in all
 * @param ledger what the workers recorded
 * @param bounds the uncertain categories against what the faults explain
 * @param counters the check of every counter, by field ({@code hits} per worker slot)
 * @param buckets the check of every rollup bucket of {@code points}, by period
 * @param entryRows rows of {@code chaos_entry}: the inserts the counter cache counts
 * @param appliedBatches rows of {@code buffered_counter_batch} at the end
 * @param logs telling lines of the workers' logs
 * @param drain the drain's last line, {@code CHAOS-DRAIN clean=...}
 * @param drainClean whether the drain emptied the store
 */
record Report(String header, Duration load, Duration total, int launches, int unexpectedExits,
		Map<Fault, Integer> faults, long terminatedSessions, long killedRedisClients, Ledger ledger, FaultBounds bounds,
		Map<String, Verdict> counters, Map<RollupPeriod, Verdict> buckets, long entryRows, long appliedBatches,
		WorkerLogs logs, String drain, boolean drainClean) {

	/** The fewest {@code chaos_entry} rows: every acknowledged insert. */
	long entryRowsLow() {
		return this.ledger.entries(Fate.ACKNOWLEDGED);
	}

	/**
	 * The most {@code chaos_entry} rows: also those in flight, and those of transactions that failed
	 * at a COMMIT whose outcome is unknown.
	 */
	long entryRowsHigh() {
		return entryRowsLow() + this.ledger.entries(Fate.IN_FLIGHT) + this.ledger.entries(Fate.TRANSACTION_FAILED)
				+ this.ledger.entries(Fate.CALL_FAILED) + this.ledger.entries(Fate.REPORTED_LOST);
	}

	/** What failed the run, empty if it passed. */
	List<String> failures() {
		List<String> failures = new ArrayList<>(this.bounds.violations());
		this.counters.forEach((field, verdict) -> {
			if (!verdict.exact()) {
				failures.add(field + ": " + verdict.lost() + " lost, " + verdict.duplicated() + " duplicated");
			}
		});
		this.buckets.forEach((period, verdict) -> {
			if (!verdict.exact()) {
				failures.add(period + " buckets: " + verdict.lost() + " lost, " + verdict.duplicated() + " duplicated");
			}
		});
		if (this.entryRows < entryRowsLow() || this.entryRows > entryRowsHigh()) {
			failures.add("chaos_entry rows " + this.entryRows + " outside " + entryRowsLow() + " to " + entryRowsHigh());
		}
		if (!this.drainClean) {
			failures.add("the drain did not empty Redis");
		}
		return failures;
	}

	/** Whether nothing was lost, nothing duplicated, every uncertain increment is explained and the drain emptied the store. */
	boolean passed() {
		return failures().isEmpty();
	}

	/**
	 * Renders the report as Markdown tables.
	 * @return the text
	 */
	String table() {
		StringBuilder out = new StringBuilder();
		String nl = System.lineSeparator();
		out.append(this.header).append(nl);
		out.append(String.format(Locale.ROOT, "load %d s, whole run %d s; %d worker JVMs started for the load, "
				+ "%d of them died on their own%n%n", this.load.toSeconds(), this.total.toSeconds(), this.launches,
				this.unexpectedExits));
		out.append("| faults injected | count |").append(nl).append("|---|---:|").append(nl);
		int faultTotal = 0;
		for (Map.Entry<Fault, Integer> fault : this.faults.entrySet()) {
			String label = fault.getKey().label();
			if (fault.getKey() == Fault.POSTGRES_TERMINATE) {
				label += " (" + this.terminatedSessions + " sessions)";
			}
			if (fault.getKey() == Fault.REDIS_CLIENT_KILL) {
				label += " (" + this.killedRedisClients + " connections)";
			}
			row(out, label, fault.getValue());
			faultTotal += fault.getValue();
		}
		row(out, "**total**", faultTotal);
		out.append(nl).append("| increments | count | sum of deltas |").append(nl).append("|---|---:|---:|").append(nl);
		row(out, "attempted", this.ledger.attempted(), this.ledger.attemptedDeltas());
		for (Fate fate : Fate.values()) {
			row(out, fate.label(), this.ledger.increments(fate), this.ledger.deltas(fate));
		}
		out.append(nl).append("| uncertain, bounded by what the faults explain | count | bound | explained by |")
			.append(nl)
			.append("|---|---:|---:|---|")
			.append(nl);
		for (FaultBounds.Row bound : this.bounds.rows()) {
			out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s |%n", bound.label(), bound.count(),
					bound.bound(), bound.explainedBy()));
		}
		out.append(nl)
			.append("| check, per counter: acknowledged <= database <= acknowledged + may land | hits, per worker slot "
					+ "| points | entries (counter cache) |")
			.append(nl)
			.append("|---|---:|---:|---:|")
			.append(nl);
		Verdict hits = this.counters.get(ChaosCounter.HITS);
		Verdict points = this.counters.get(ChaosCounter.POINTS);
		Verdict entries = this.counters.get(ChaosCounter.ENTRIES);
		row(out, "counters checked", hits.checked(), points.checked(), entries.checked());
		row(out, "sum in the database, in increments or points", hits.databaseTotal(), points.databaseTotal(),
				entries.databaseTotal());
		row(out, "of which may-land increments that landed", hits.uncertainLanded(), points.uncertainLanded(),
				entries.uncertainLanded());
		row(out, "largest may-land sum of one counter (a duplicate up to this size could hide there)",
				hits.largestUncertain(), points.largestUncertain(), entries.largestUncertain());
		row(out, "**lost**", hits.lost(), points.lost(), entries.lost());
		row(out, "**duplicated**", hits.duplicated(), points.duplicated(), entries.duplicated());
		out.append(nl).append(String.format(Locale.ROOT,
				"chaos_entry rows: %,d (acknowledged inserts %,d, at most %,d with those that may have committed)%n",
				this.entryRows, entryRowsLow(), entryRowsHigh()));
		out.append(nl)
			.append("| check, per rollup bucket of points: acknowledged <= bucket <= acknowledged + may land | HOUR | DAY |")
			.append(nl)
			.append("|---|---:|---:|")
			.append(nl);
		Verdict hour = this.buckets.get(RollupPeriod.HOUR);
		Verdict day = this.buckets.get(RollupPeriod.DAY);
		row(out, "buckets checked (written or expected)", hour.checked(), day.checked());
		row(out, "sum of the buckets in the database", hour.databaseTotal(), day.databaseTotal());
		row(out, "largest may-land sum of one bucket", hour.largestUncertain(), day.largestUncertain());
		row(out, "**lost**", hour.lost(), day.lost());
		row(out, "**duplicated**", hour.duplicated(), day.duplicated());
		out.append(nl).append("| flushers under faults | count |").append(nl).append("|---|---:|").append(nl);
		row(out, "batches applied (ids in buffered_counter_batch)", this.appliedBatches);
		this.logs.counts().forEach((label, count) -> row(out, label, count));
		out.append(nl).append("drain: ").append(this.drain).append(nl);
		this.counters.forEach((field, verdict) -> offenders(out, field + " counters out of bounds", verdict));
		this.buckets.forEach((period, verdict) -> offenders(out, period + " buckets out of bounds", verdict));
		List<String> failures = failures();
		if (failures.isEmpty()) {
			out.append(nl).append("PASSED: nothing lost, nothing duplicated, every uncertain increment explained")
				.append(nl);
		}
		else {
			out.append(nl).append("FAILED:").append(nl);
			failures.forEach((failure) -> out.append("  ").append(failure).append(nl));
		}
		return out.toString();
	}

	private static void offenders(StringBuilder out, String title, Verdict verdict) {
		if (verdict.offenders().isEmpty()) {
			return;
		}
		String nl = System.lineSeparator();
		out.append(nl).append(title).append(":").append(nl);
		verdict.offenders().stream().limit(40).forEach((offender) -> out.append("  ").append(offender).append(nl));
		if (verdict.offenders().size() > 40) {
			out.append("  ... and ").append(verdict.offenders().size() - 40).append(" more").append(nl);
		}
	}

	private static void row(StringBuilder out, String label, long... values) {
		out.append("| ").append(label);
		for (long value : values) {
			out.append(" | ").append(String.format(Locale.ROOT, "%,d", value));
		}
		out.append(" |").append(System.lineSeparator());
	}

}
