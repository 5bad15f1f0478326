package io.github.bufferedcounter.chaos;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.github.bufferedcounter.RollupPeriod;

/**
 * The outcome of a run and its table: faults injected, increments by fate, lost and duplicated.
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
 * @param verdict the check of every counter
 * @param rollups the same check of the sum of each row's {@code points} buckets, per period
 * @param rollupBuckets rows of {@code buffered_counter_rollup} at the end, per period
 * @param appliedBatches rows of {@code buffered_counter_batch} at the end
 * @param logs telling lines of the workers' logs
 * @param drain the drain's last line, {@code CHAOS-DRAIN clean=...}
 * @param drainClean whether the drain emptied the store
 */
record Report(String header, Duration load, Duration total, int launches, int unexpectedExits,
		Map<Fault, Integer> faults, long terminatedSessions, long killedRedisClients, Ledger ledger,
		Verdict verdict, Map<RollupPeriod, Verdict> rollups,
		Map<RollupPeriod, Long> rollupBuckets, long appliedBatches, WorkerLogs logs, String drain, boolean drainClean) {

	/** Whether nothing was lost, nothing duplicated (counters and buckets) and the drain emptied the store. */
	boolean passed() {
		return this.verdict.lost() == 0 && this.verdict.duplicated() == 0 && this.drainClean
				&& this.rollups.values().stream().allMatch((rollup) -> rollup.lost() == 0 && rollup.duplicated() == 0);
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
		out.append(nl).append("| check, per counter: acknowledged <= database <= acknowledged + may land | |")
			.append(nl)
			.append("|---|---:|")
			.append(nl);
		row(out, "counters checked", this.verdict.counters());
		row(out, "sum of the counters in the database", this.verdict.databaseTotal());
		row(out, "of which may-land increments that landed", this.verdict.uncertainLanded());
		row(out, "largest may-land sum of one counter (a duplicate up to this size could hide there)",
				this.verdict.largestUncertain());
		row(out, "**lost**", this.verdict.lost());
		row(out, "**duplicated**", this.verdict.duplicated());
		out.append(nl)
			.append("| check, per row: acknowledged <= sum of its points buckets <= acknowledged + may land |")
			.append(" HOUR | DAY |")
			.append(nl)
			.append("|---|---:|---:|")
			.append(nl);
		Verdict hour = this.rollups.get(RollupPeriod.HOUR);
		Verdict day = this.rollups.get(RollupPeriod.DAY);
		row(out, "rows checked", hour.counters(), day.counters());
		row(out, "sum of the buckets in the database", hour.databaseTotal(), day.databaseTotal());
		row(out, "**lost**", hour.lost(), day.lost());
		row(out, "**duplicated**", hour.duplicated(), day.duplicated());
		long hours = this.rollupBuckets.get(RollupPeriod.HOUR);
		long days = this.rollupBuckets.get(RollupPeriod.DAY);
		row(out, "buckets written (rows of buffered_counter_rollup)", hours, days);
		if (hours == hour.counters() && days == day.counters()) {
			out.append(nl).append("every row has one bucket per period, so the check above is per bucket").append(nl);
		}
		out.append(nl).append("| flushers under faults | count |").append(nl).append("|---|---:|").append(nl);
		row(out, "batches applied (ids in buffered_counter_batch)", this.appliedBatches);
		this.logs.counts().forEach((label, count) -> row(out, label, count));
		out.append(nl).append("drain: ").append(this.drain).append(nl);
		if (this.ledger.unreadableLines() > 0) {
			out.append("torn ack log lines ignored: ").append(this.ledger.unreadableLines()).append(nl);
		}
		if (!this.verdict.offenders().isEmpty()) {
			out.append(nl).append("counters out of bounds:").append(nl);
			this.verdict.offenders().forEach((offender) -> out.append("  ").append(offender).append(nl));
		}
		this.rollups.forEach((period, rollup) -> {
			if (!rollup.offenders().isEmpty()) {
				out.append(nl).append(period).append(" bucket sums out of bounds:").append(nl);
				rollup.offenders().forEach((offender) -> out.append("  ").append(offender).append(nl));
			}
		});
		out.append(nl).append(passed() ? "PASSED: nothing lost, nothing duplicated" : "FAILED").append(nl);
		return out.toString();
	}

	private static void row(StringBuilder out, String label, long... values) {
		out.append("| ").append(label);
		for (long value : values) {
			out.append(" | ").append(String.format(Locale.ROOT, "%,d", value));
		}
		out.append(" |").append(System.lineSeparator());
	}

}
