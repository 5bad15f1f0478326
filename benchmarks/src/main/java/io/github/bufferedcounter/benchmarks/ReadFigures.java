package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.bufferedcounter.benchmarks.app.BenchCounter;

/**
 * The batch read figure: the counts of a list page of {@value #PAGE} rows, read with one
 * {@code currentAll} against {@value #PAGE} {@code current} calls, one thread each, on rows
 * that half have pending deltas (the other half only a database value).
 */
final class ReadFigures extends Figures {

	static final int PAGE = 50;

	ReadFigures(Figures shared) {
		super(shared);
	}

	Void batchRead(Bench bench, Db db) throws Exception {
		IdRange rows = db.insertRows(PAGE);
		List<Long> ids = new ArrayList<>(PAGE);
		for (int i = 0; i < PAGE; i++) {
			ids.add(rows.id(i));
		}
		// every row 1 in the database, then every other row 1 more pending in the store
		bench.incrementEach(rows);
		drain(bench, db, rows, PAGE, "batch read setup");
		bench.transactions.executeWithoutResult((status) -> {
			for (int i = 0; i < PAGE; i += 2) {
				bench.increment(rows.id(i));
			}
		});
		long expected = PAGE + (PAGE + 1) / 2;
		Duration warmup = this.size.ingestWarmup();
		Duration measured = this.size.ingest();
		this.log.info("Batch read: " + PAGE + " rows per page, one thread, warm-up " + warmup.toMillis()
				+ " ms, measured " + measured.toMillis() + " ms each way");
		Load.Result batch = Load.closedLoop("currentAll", 1, warmup, measured, (thread, i) -> {
			Map<Long, Long> page = bench.counters.currentAll(BenchCounter.class, ids, BenchCounter.FIELD);
			checkPage("currentAll", page.size(), page.values().stream().mapToLong(Long::longValue).sum(), expected);
		});
		Load.Result single = Load.closedLoop("current x" + PAGE, 1, warmup, measured, (thread, i) -> {
			long sum = 0;
			for (Long id : ids) {
				sum += bench.counters.current(BenchCounter.class, id, BenchCounter.FIELD);
			}
			checkPage("current", PAGE, sum, expected);
		});
		this.log.info(String.format(Locale.ROOT, "  currentAll: %,.0f pages/s; %d current calls: %,.0f pages/s",
				batch.rate(), PAGE, single.rate()));
		double ratio = batch.rate() / single.rate();
		row("reads", "batch read: the counts of " + PAGE + " rows (half with pending deltas), redis store, one thread",
				String.format(Locale.ROOT, "%s pages/s (`currentAll`, %.2f ms a page)", Report.count((long) batch.rate()),
						1000 / batch.rate()),
				String.format(Locale.ROOT, "%s pages/s (%d `current` calls, %.2f ms a page)",
						Report.count((long) single.rate()), PAGE, 1000 / single.rate()),
				Report.ratio(ratio), Report.verdict("≥ 10x", ratio >= 10));
		bench.flush();
		return null;
	}

	/** A wrong page is a correctness failure, reported once rather than on every read. */
	private void checkPage(String how, int size, long sum, long expected) {
		if (size != PAGE || sum != expected) {
			throw new IllegalStateException(how + ": a page of " + size + " counts summing to " + sum + ", expected "
					+ PAGE + " counts summing to " + expected);
		}
	}

}
