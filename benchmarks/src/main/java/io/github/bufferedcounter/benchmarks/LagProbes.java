package io.github.bufferedcounter.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the time from an increment to its value being visible in the database, on a few
 * probe rows of their own while some load runs: a prober thread increments one probe row every
 * 10 ms, noting the time and the value the row reaches with it; a poller on its own JDBC
 * connection reads the probe rows every 5 ms, and each noted value it finds reached becomes a
 * sample, the poll's start time minus the increment's time (so a sample overstates its lag by
 * at most one poll).
 */
final class LagProbes {

	/** How many probe rows take turns. */
	static final int ROWS = 5;

	static final long PROBE_EVERY_NANOS = 10_000_000;

	private static final long POLL_EVERY_NANOS = 5_000_000;

	/**
	 * What the probes saw.
	 *
	 * @param sorted the samples in nanoseconds, ascending
	 * @param unseen probe increments never seen in the database in time
	 * @param probed probe increments made: what the probe rows must add up to
	 */
	record Result(long[] sorted, int unseen, long probed) {

		/** The sample at a fraction of the sorted samples, in milliseconds; -1 without samples. */
		long millisAt(double fraction) {
			if (this.sorted.length == 0) {
				return -1;
			}
			int index = (int) Math.ceil(fraction * this.sorted.length) - 1;
			return Math.round(this.sorted[Math.max(0, Math.min(this.sorted.length - 1, index))] / 1e6);
		}

	}

	private final List<ConcurrentLinkedQueue<long[]>> pending = new ArrayList<>();

	private final long[] latencies;

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final Thread prober;

	private final Thread poller;

	private volatile boolean probing = true;

	private volatile boolean polling = true;

	private int seen;

	private long probed;

	/**
	 * @param bench the application whose increments are probed
	 * @param db where the probe rows are read
	 * @param rows the {@link #ROWS} probe rows
	 * @param duration how long the probes run at most
	 */
	LagProbes(Bench bench, Db db, IdRange rows, Duration duration) {
		for (int p = 0; p < ROWS; p++) {
			this.pending.add(new ConcurrentLinkedQueue<>());
		}
		this.latencies = new long[(int) (duration.toNanos() / PROBE_EVERY_NANOS) + ROWS + 16];
		this.prober = new Thread(() -> probe(bench, rows), "lag-probe");
		this.poller = new Thread(() -> poll(db, rows), "lag-poll");
	}

	void start() {
		this.poller.start();
		this.prober.start();
	}

	/**
	 * Stops probing, waits up to {@code wait} for every probe increment to be seen, then stops
	 * polling.
	 * @throws IllegalStateException if the prober or the poller failed
	 */
	Result finish(Duration wait) throws InterruptedException {
		this.probing = false;
		this.prober.join();
		long waitUntil = System.nanoTime() + wait.toNanos();
		while (this.pending.stream().anyMatch((queue) -> !queue.isEmpty()) && System.nanoTime() < waitUntil
				&& this.failure.get() == null) {
			Thread.sleep(20);
		}
		this.polling = false;
		this.poller.join();
		if (this.failure.get() != null) {
			throw new IllegalStateException("lag probe failed: " + this.failure.get(), this.failure.get());
		}
		long[] sorted = Arrays.copyOf(this.latencies, this.seen);
		Arrays.sort(sorted);
		return new Result(sorted, this.pending.stream().mapToInt(ConcurrentLinkedQueue::size).sum(), this.probed);
	}

	private void probe(Bench bench, IdRange rows) {
		long[] targets = new long[ROWS];
		long next = System.nanoTime();
		try {
			for (int i = 0; this.probing && i < this.latencies.length - ROWS; i++) {
				LockSupport.parkNanos(next - System.nanoTime());
				int p = i % ROWS;
				this.pending.get(p).add(new long[] { ++targets[p], System.nanoTime() });
				bench.increment(rows.id(p));
				this.probed++;
				next += PROBE_EVERY_NANOS;
			}
		}
		catch (Throwable ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

	private void poll(Db db, IdRange rows) {
		try (Connection connection = db.newConnection();
				PreparedStatement query = connection
					.prepareStatement("select id, n from bench_counter where id between ? and ?")) {
			query.setLong(1, rows.first());
			query.setLong(2, rows.last());
			while (this.polling) {
				long asked = System.nanoTime();
				try (ResultSet result = query.executeQuery()) {
					while (result.next()) {
						seen(this.pending.get((int) (result.getLong(1) - rows.first())), result.getLong(2), asked);
					}
				}
				LockSupport.parkNanos(asked + POLL_EVERY_NANOS - System.nanoTime());
			}
		}
		catch (Throwable ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

	/** Turns every noted value a row has reached into a sample. */
	private void seen(ConcurrentLinkedQueue<long[]> queue, long value, long asked) {
		for (long[] sample = queue.peek(); sample != null && sample[0] <= value; sample = queue.peek()) {
			queue.poll();
			this.latencies[this.seen++] = Math.max(0, asked - sample[1]);
		}
	}

}
