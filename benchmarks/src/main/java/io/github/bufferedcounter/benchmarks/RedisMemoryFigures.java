package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.github.bufferedcounter.FlushResult;

/**
 * The Redis memory figures: bytes per pending key, and no growth while the same keys take
 * increments for a minute.
 */
final class RedisMemoryFigures extends Figures {

	private static final Duration MEMORY_SETTLE = Duration.ofMillis(2500);

	private static final long FIRST_DELTA = 10;

	RedisMemoryFigures(Figures shared) {
		super(shared);
	}

	Void redisMemory(Bench bench, Db db) throws Exception {
		int k = this.size.memoryKeys();
		IdRange keys = db.insertRows(k);
		this.log.info(String.format(Locale.ROOT, "Redis memory: %,d new pending keys, flushing paused", k));
		long before = settledUsedMemory(bench);
		// Redis keeps each sum as a decimal string, one byte longer per key whenever it gains a digit;
		// starting the keys at 10 keeps them at two digits through the sustained increments below
		// (about 11 per key in the full run), so that growth with the values does not pass for
		// growth with the number of increments
		bench.incrementEach(keys, FIRST_DELTA);
		long after = settledUsedMemory(bench);
		long footprint = after - before;
		double perKey = footprint / (double) k;
		this.log.info(String.format(Locale.ROOT, "  used_memory %,d -> %,d bytes: %.1f bytes per pending key", before,
				after, perKey));
		row("memory", "Redis memory per pending key (" + Report.count(k) + " new keys `BenchCounter:n:<id>` = 10, "
				+ "`INFO memory` used_memory after − before)", String.format(Locale.ROOT, "%.0f B", perKey), "–", "–",
				Report.verdict("≤ 200 B", perKey <= 200));

		Duration sustain = this.size.memorySustain();
		this.log.info("  then " + Report.duration(sustain) + " of increments on those keys only, " + INGEST_THREADS
				+ " threads");
		// two halves, each read after the settling pause: growth that goes on shows in the second
		long[] settled = { after, 0, 0 };
		long highest = after;
		long increments = 0;
		double seconds = 0;
		for (int half = 1; half <= 2; half++) {
			Duration length = sustain.dividedBy(2);
			AtomicReference<Object> outcome = new AtomicReference<>();
			Thread driver = new Thread(() -> {
				try {
					outcome.set(Load.closedLoop("sustain", INGEST_THREADS, Duration.ZERO, length,
							(thread, i) -> bench.increment(keys.id(ThreadLocalRandom.current().nextInt(k)))));
				}
				catch (Throwable ex) {
					outcome.set(ex);
				}
			}, "sustain-driver");
			driver.start();
			long sampleEvery = Math.max(200, length.toMillis() / 15);
			while (driver.isAlive()) {
				driver.join(sampleEvery);
				highest = Math.max(highest, bench.redisUsedMemory());
			}
			if (outcome.get() instanceof Throwable ex) {
				throw new IllegalStateException("sustained increments failed: " + ex, ex);
			}
			Load.Result part = (Load.Result) outcome.get();
			increments += part.total();
			seconds += part.seconds();
			settled[half] = settledUsedMemory(bench);
			this.log.info(String.format(Locale.ROOT, "  half %d: %,d increments (%,.0f /s); used_memory %,d (%+,d)",
					half, part.total(), part.rate(), settled[half], settled[half] - settled[half - 1]));
		}
		long growth = settled[2] - after;
		double percent = 100.0 * growth / footprint;
		this.log.info(String.format(Locale.ROOT,
				"  %,d increments (%,.0f /s); used_memory %,d -> %,d (highest %,d): %+,d bytes, %+.2f %% of the keys' footprint",
				increments, increments / seconds, after, settled[2], highest, growth, percent));
		row("growth", String.format(Locale.ROOT,
				"Redis memory growth: %s of increments on the same %s pending keys (%s increments), flushing paused",
				Report.duration(sustain), Report.count(k), Report.count(increments)),
				String.format(Locale.ROOT,
						"%+,d B at the end (%+.2f %% of the keys' %,d B): %+,d B in the first half, %+,d B in the second; highest sample %+,d B",
						growth, percent, footprint, settled[1] - settled[0], settled[2] - settled[1], highest - after),
				"–", "–", Report.verdict("no growth (≤ 1 %)", percent <= 1.0));

		FlushResult result = bench.flush();
		check(result.rows() == k, "Redis memory: final flush wrote " + result.rows() + " rows, expected " + k);
		long sum = db.sum(keys);
		long expected = FIRST_DELTA * k + increments;
		check(sum == expected, "Redis memory: database holds " + sum + ", expected " + expected);
		return null;
	}

	/**
	 * Redis {@code used_memory} read after a pause: it also counts the clients' query and output
	 * buffers, which a burst of large commands leaves behind and Redis shrinks again within a
	 * second or two (its client cron), so an immediate read would count them as data.
	 */
	private static long settledUsedMemory(Bench bench) throws InterruptedException {
		Thread.sleep(MEMORY_SETTLE.toMillis());
		return bench.redisUsedMemory();
	}

}
