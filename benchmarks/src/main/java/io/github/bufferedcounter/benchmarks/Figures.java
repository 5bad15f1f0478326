package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.Map;

/**
 * What every figure of the {@link Harness} shares: the size, the log, the report with its
 * table, and the checks that turn a wrong database total into a correctness failure.
 */
abstract class Figures {

	static final int INGEST_THREADS = 16;

	static final int HOT_ROWS = 10;

	static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	final Size size;

	final Log log;

	final Report report;

	/** The table, in this order whatever order the figures ran in; a figure that failed keeps its place. */
	final Map<String, Report.Row> rows;

	Figures(Size size, Log log, Report report, Map<String, Report.Row> rows) {
		this.size = size;
		this.log = log;
		this.report = report;
		this.rows = rows;
	}

	/** Shares the state of another figure set. */
	Figures(Figures shared) {
		this(shared.size, shared.log, shared.report, shared.rows);
	}

	void row(String key, String figure, String ours, String peer, String ratio, String target) {
		this.rows.put(key, new Report.Row(figure, ours, peer, ratio, target));
	}

	/** Flushes until the database shows {@code expected} over {@code rows}, as a bounded wait. */
	void drain(Bench bench, Db db, IdRange rows, long expected, String what) throws Exception {
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		long actual;
		do {
			bench.flush();
			actual = db.sum(rows);
			if (actual == expected) {
				return;
			}
			if (actual > expected) {
				break;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < deadline);
		check(false, what + ": database holds " + actual + ", expected " + expected);
	}

	/** Flushes until every parent's counter cache equals its number of children, as a bounded wait. */
	void drainCounterCache(Bench bench, Db db, IdRange parents) throws Exception {
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		long off;
		do {
			bench.flush();
			off = db.parentsOffTheirCount("child_count", Db.COUNTED_CHILDREN, parents);
			if (off == 0) {
				return;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < deadline);
		check(false, "counter cache insert: after flushing, " + off + " parents' child_count differs from their "
				+ "children");
	}

	void check(boolean condition, String failure) {
		if (!condition) {
			this.log.info("CORRECTNESS FAILURE: " + failure);
			this.report.fail(failure);
		}
	}

}
