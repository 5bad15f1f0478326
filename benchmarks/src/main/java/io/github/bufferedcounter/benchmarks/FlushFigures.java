package io.github.bufferedcounter.benchmarks;

import java.util.Locale;

import io.github.bufferedcounter.FlushResult;

/**
 * The flush figures: one {@code flush()} of many distinct dirty rows, and the same with 1, 2
 * and 4 flushers at once.
 */
final class FlushFigures extends Figures {

	FlushFigures(Figures shared) {
		super(shared);
	}

	Void flush(Bench bench, Db db) throws Exception {
		int n = this.size.flushRows();
		IdRange warm = db.insertRows(Math.min(5000, Math.max(100, n / 10)));
		bench.incrementEach(warm);
		checkFlush("warm-up flush", bench.flush(), warm, db);
		IdRange rows = db.insertRows(n);
		long start = System.nanoTime();
		bench.incrementEach(rows);
		this.log.info(String.format(Locale.ROOT, "Flush: buffered %,d increments on distinct rows in %,d ms", n,
				(System.nanoTime() - start) / 1_000_000));
		start = System.nanoTime();
		FlushResult result = bench.flush();
		double seconds = (System.nanoTime() - start) / 1e9;
		double rate = n / seconds;
		this.log.info(String.format(Locale.ROOT, "  flush(): %s in %.2f s, %,.0f rows/s", result, seconds, rate));
		checkFlush("flush", result, rows, db);
		row("flush", "flush: " + Report.count(n) + " distinct dirty rows, one `flush()`",
				String.format(Locale.ROOT, "%s rows/s (%.2f s, %,d batches, `rows()` = %,d)", Report.count((long) rate),
						seconds, result.batches(), result.rows()),
				"–", "–", Report.verdict("≥ 50,000 rows/s", rate >= 50_000));
		return null;
	}

	/**
	 * The same flush with 1, 2 and 4 flushers draining one store at once, as that many
	 * application instances would: each takes whole batches, and shards keep their rows apart.
	 */
	Void flushInstances(Bench bench, Db db) throws Exception {
		int n = this.size.flushRows();
		StringBuilder rates = new StringBuilder();
		double single = 0;
		double lowest = Double.MAX_VALUE;
		for (int instances : new int[] { 1, 2, 4 }) {
			IdRange rows = db.insertRows(n);
			bench.incrementEach(rows);
			long start = System.nanoTime();
			FlushResult result = bench.flushWith(instances);
			double seconds = (System.nanoTime() - start) / 1e9;
			double rate = n / seconds;
			this.log.info(String.format(Locale.ROOT, "  %d flusher(s): %s in %.2f s, %,.0f rows/s", instances, result,
					seconds, rate));
			checkFlush(instances + " flushers", result, rows, db);
			single = (instances == 1) ? rate : single;
			lowest = Math.min(lowest, rate);
			rates.append((rates.length() > 0) ? "; " : "")
				.append(instances)
				.append(": ")
				.append(Report.count((long) rate))
				.append(" rows/s");
		}
		row("instances", "flush throughput with 1, 2 and 4 flushers at once (separate `Flusher`s, 2 shard threads "
				+ "each, one store and database): " + Report.count(n) + " distinct dirty rows each time",
				rates.toString(), "–", String.format(Locale.ROOT, "lowest / 1 flusher: %.2f", lowest / single),
				Report.verdict("no fall (≥ 0.9)", lowest >= 0.9 * single));
		return null;
	}

	private void checkFlush(String what, FlushResult result, IdRange rows, Db db) throws Exception {
		int n = rows.count();
		check(result.rows() == n && result.keys() == n,
				what + ": FlushResult rows=" + result.rows() + " keys=" + result.keys() + ", expected " + n + " each");
		check(result.orphans() == 0 && result.rejected() == 0 && result.retried() == 0,
				what + ": unexpected orphans/rejected/retried in " + result);
		long ones = db.countEqual(rows, 1);
		long sum = db.sum(rows);
		check(ones == n && sum == n, what + ": database has " + ones + " rows at 1 and a sum of " + sum
				+ ", expected " + n + " and " + n);
	}

}
