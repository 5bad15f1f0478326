package io.github.bufferedcounter.flush;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.bufferedcounter.FlushResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Flusher} on a thread of its own, starting a flush every interval counted
 * from the start of the previous one, so the host application needs no
 * {@code @EnableScheduling} and its own schedulers are left alone. On stop it flushes what is
 * pending, for at most the shutdown timeout. It stops after the web server has stopped taking requests and before the
 * Redis connection factory stops.
 */
public class FlushScheduler implements SmartLifecycle {

	/** Stops after the web server's graceful shutdown, before Lettuce (phase 0) and the pools. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(FlushScheduler.class);

	private final Flusher flusher;

	private final Duration interval;

	private final Duration shutdownTimeout;

	private volatile ScheduledExecutorService executor;

	/**
	 * Creates a scheduler.
	 * @param flusher the flusher to run
	 * @param interval the time between the starts of two flushes; a flush that takes longer
	 * is followed by the next one at once, never by two at a time
	 * @param shutdownTimeout how long stopping waits for the running flush and its last one together
	 */
	public FlushScheduler(Flusher flusher, Duration interval, Duration shutdownTimeout) {
		this.flusher = flusher;
		this.interval = interval;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void start() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "buffered-counter-flush");
			thread.setDaemon(true);
			return thread;
		});
		// the next flush, already scheduled, must not run after stop()
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.executor = executor;
		executor.schedule(() -> flushAndReschedule(executor), this.interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Flushes, then schedules the next flush one interval after this one started: a delta
	 * waits at most one interval for the flush that takes it, however long flushes take, which
	 * is what bounds the lag. Unlike a fixed-rate schedule, flushes missed during a long one are
	 * not made up in a burst. Only the executor of the current start goes on: after a stop, or a
	 * stop and a new start, this chain ends.
	 */
	private void flushAndReschedule(ScheduledExecutorService executor) {
		long started = System.nanoTime();
		flushQuietly();
		if (this.executor != executor) {
			return;
		}
		long wait = Math.max(0, this.interval.toNanos() - (System.nanoTime() - started));
		try {
			executor.schedule(() -> flushAndReschedule(executor), wait, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private void flushQuietly() {
		try {
			FlushResult result = this.flusher.flushIfDue();
			if (result.wroteAnything()) {
				logger.info("Flushed buffered counters: " + result.keys() + " keys, " + result.rows() + " rows in "
						+ result.duration().toMillis() + " ms");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Buffered counter flush: " + result);
			}
		}
		catch (Throwable ex) {
			// never let the schedule die: a failed run must not cancel the next ones
			logger.warn("Buffered counter flush failed; claimed batches are recovered after their lease: " + ex, ex);
		}
	}

	/**
	 * Stops the schedule and flushes what is pending, waiting at most the shutdown timeout for
	 * the running flush and this last one together. The last flush runs on a thread of its own,
	 * so that a store or database that does not answer (each call then waits out its own
	 * timeout) cannot hold the application's shutdown longer. What it has not written by then
	 * stays in the store: batches it claimed are taken again after their lease, by the next start
	 * or another instance, and the applied-batch log keeps them from being written twice.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor == null) {
			return;
		}
		executor.shutdown();
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		FutureTask<Optional<FlushResult>> lastFlush = new FutureTask<>(() -> this.flusher.flush(this.shutdownTimeout));
		Thread thread = new Thread(lastFlush, "buffered-counter-last-flush");
		thread.setDaemon(true);
		thread.start();
		try {
			Optional<FlushResult> result = lastFlush.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (result.isEmpty()) {
				logger.warn("Buffered counter flush still running after " + this.shutdownTimeout
						+ "; pending deltas stay in the store");
			}
			else if (result.get().wroteAnything()) {
				logger.info("Flushed pending buffered counters on shutdown: " + result.get());
			}
		}
		catch (TimeoutException ex) {
			logger.warn("The last flush of buffered counters did not end within the shutdown timeout ("
					+ this.shutdownTimeout + ", buffered-counter.flush.shutdown-timeout); what it has not written"
					+ " stays in the store and is flushed after the next start");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			logger.warn("Could not flush buffered counters on shutdown: " + ex.getCause(), ex.getCause());
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
