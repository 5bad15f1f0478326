package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives an operation from many threads for a bounded time, counting every call that returned.
 */
final class Load {

	/** One call of the measured operation. */
	@FunctionalInterface
	interface Op {

		/**
		 * @param thread the thread's index, from 0
		 * @param iteration the call's number on that thread, from 0
		 */
		void run(int thread, long iteration) throws Exception;

	}

	/**
	 * What a load did.
	 *
	 * @param measured calls completed while the clock ran
	 * @param total every completed call, warm-up included: what the database must add up to
	 * @param seconds how long the clock ran
	 */
	record Result(long measured, long total, double seconds) {

		double rate() {
			return this.measured / this.seconds;
		}

	}

	private static final int WARMUP = 0;

	private static final int MEASURE = 1;

	private static final int STOP = 2;

	private Load() {
	}

	/**
	 * Runs {@code op} as fast as it goes on {@code threads} threads: a warm-up that is not
	 * counted in the rate, then {@code measure}.
	 * @throws IllegalStateException if a call failed; no call is started after that
	 */
	static Result closedLoop(String name, int threads, Duration warmup, Duration measure, Op op)
			throws InterruptedException {
		return closedLoop(name, Workers.PLATFORM, threads, warmup, measure, op);
	}

	/** Runs {@code op} as {@link #closedLoop(String, int, Duration, Duration, Op)} does, on threads of a given kind. */
	static Result closedLoop(String name, Workers kind, int threads, Duration warmup, Duration measure, Op op)
			throws InterruptedException {
		PhaseHolder holder = new PhaseHolder();
		LongAdder measured = new LongAdder();
		LongAdder total = new LongAdder();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			workers.add(kind.create(name + "-" + t, () -> {
				long done = 0;
				long counted = 0;
				try {
					for (long i = 0;; i++) {
						int p = holder.phase;
						if (p == STOP || failure.get() != null) {
							break;
						}
						op.run(thread, i);
						done++;
						if (p == MEASURE) {
							counted++;
						}
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
				finally {
					total.add(done);
					measured.add(counted);
				}
			}));
		}
		workers.forEach(Thread::start);
		Thread.sleep(warmup.toMillis());
		holder.phase = MEASURE;
		long start = System.nanoTime();
		sleepUnlessFailed(measure, failure);
		holder.phase = STOP;
		long end = System.nanoTime();
		for (Thread worker : workers) {
			worker.join();
		}
		if (failure.get() != null) {
			throw new IllegalStateException(name + " failed: " + failure.get(), failure.get());
		}
		return new Result(measured.sum(), total.sum(), (end - start) / 1e9);
	}

	/**
	 * Runs {@code op} at {@code rate} calls per second in total, spread over {@code threads}
	 * threads each keeping its own schedule, for {@code duration}. A thread that falls behind
	 * runs flat out; the achieved rate is what {@link Result#rate()} says.
	 */
	static Result paced(String name, int threads, double rate, Duration duration, Op op) throws InterruptedException {
		LongAdder total = new LongAdder();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> workers = new ArrayList<>();
		long start = System.nanoTime() + 10_000_000;
		long end = start + duration.toNanos();
		double period = threads * 1e9 / rate;
		for (int t = 0; t < threads; t++) {
			int thread = t;
			workers.add(new Thread(() -> {
				long done = 0;
				try {
					for (long i = 0;; i++) {
						long due = start + (long) ((i + (double) thread / threads) * period);
						if (due >= end || failure.get() != null) {
							break;
						}
						long wait = due - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
						if (System.nanoTime() >= end) {
							break;
						}
						op.run(thread, i);
						done++;
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
				finally {
					total.add(done);
				}
			}, name + "-" + t));
		}
		workers.forEach(Thread::start);
		for (Thread worker : workers) {
			worker.join();
		}
		long stopped = System.nanoTime();
		if (failure.get() != null) {
			throw new IllegalStateException(name + " failed: " + failure.get(), failure.get());
		}
		return new Result(total.sum(), total.sum(), (Math.max(stopped, end) - start) / 1e9);
	}

	private static void sleepUnlessFailed(Duration duration, AtomicReference<Throwable> failure)
			throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		long left;
		while ((left = end - System.nanoTime()) > 0 && failure.get() == null) {
			Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
		}
	}

	private static final class PhaseHolder {

		volatile int phase = WARMUP;

	}

}
