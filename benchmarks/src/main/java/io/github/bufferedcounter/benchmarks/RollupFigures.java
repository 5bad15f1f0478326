package io.github.bufferedcounter.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.benchmarks.app.BenchRollup;

/**
 * The rollup flush figure: one {@code flush()} of many rows of a counter with a daily
 * {@code @CounterRollup}, each with one new bucket, in buckets written per second. The peer is
 * what an application without the starter would run per increment: one
 * {@code insert .. on conflict do update} of the bucket, committed on its own, on as many
 * threads as the flush has.
 */
final class RollupFigures extends Figures {

	private static final int FLUSH_THREADS = 2;

	RollupFigures(Figures shared) {
		super(shared);
	}

	Void rollupFlush(Bench bench, Db db) throws Exception {
		int n = this.size.flushRows();
		IdRange warm = db.insertRollupRows(Math.min(5000, Math.max(100, n / 10)));
		incrementEach(bench, warm);
		bench.flush();
		IdRange rows = db.insertRollupRows(n);
		incrementEach(bench, rows);
		long start = System.nanoTime();
		FlushResult result = bench.flush();
		double seconds = (System.nanoTime() - start) / 1e9;
		double rate = n / seconds;
		this.log.info(String.format(Locale.ROOT, "Rollup flush: %s in %.2f s, %,.0f buckets/s", result, seconds, rate));
		long buckets = db.rollupBucketsAt(rows, 1);
		check(buckets == n && result.rows() == n,
				"rollup flush: " + buckets + " buckets at 1 and " + result.rows() + " rows written, expected " + n);
		Load.Result direct = directUpserts(db);
		double ratio = rate / direct.rate();
		row("rollup", "rollup flush: " + Report.count(n) + " rows of a counter with a daily `@CounterRollup`, one new "
				+ "bucket each, one `flush()` (column and bucket in one transaction)",
				String.format(Locale.ROOT, "%s buckets/s (%.2f s, plus the %s column updates)",
						Report.count((long) rate), seconds, Report.count(n)),
				String.format(Locale.ROOT, "%s buckets/s (one upsert per increment, autocommit, %d threads)",
						Report.count((long) direct.rate()), FLUSH_THREADS),
				Report.ratio(ratio), Report.verdict("≥ 5x", ratio >= 5));
		return null;
	}

	private static void incrementEach(Bench bench, IdRange rows) {
		bench.incrementEach(rows, (id) -> bench.counters.increment(BenchRollup.class, id, BenchRollup.FIELD, 1));
	}

	/** Each call upserts a new bucket, as each bucket of the flush is new. */
	private Load.Result directUpserts(Db db) throws Exception {
		List<Connection> connections = new ArrayList<>();
		List<PreparedStatement> upserts = new ArrayList<>();
		try {
			for (int i = 0; i < FLUSH_THREADS; i++) {
				Connection connection = db.newConnection();
				connection.setAutoCommit(true);
				connections.add(connection);
				upserts.add(connection.prepareStatement("insert into bench_direct_rollup (holder_id, bucket_start, n) "
						+ "values (?, ?, 1) on conflict (holder_id, bucket_start) do update "
						+ "set n = bench_direct_rollup.n + excluded.n"));
			}
			Timestamp today = Timestamp.valueOf(LocalDate.now().atStartOfDay());
			return Load.closedLoop("direct rollup upserts", FLUSH_THREADS, this.size.ingestWarmup(),
					this.size.ingest(), (thread, i) -> {
						PreparedStatement upsert = upserts.get(thread);
						upsert.setLong(1, thread * 1_000_000_000L + i);
						upsert.setTimestamp(2, today);
						upsert.executeUpdate();
					});
		}
		finally {
			for (Connection connection : connections) {
				connection.close();
			}
		}
	}

}
