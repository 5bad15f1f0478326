package io.github.bufferedcounter.store.redis;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A daemon thread that tries to empty the spill buffer every half second while it holds
 * something, so spilled deltas reach Redis soon after it answers again even when no flush runs.
 * Started at the first spill, stopped once the buffer is empty. Never start it while holding
 * every write lane's lock: a drain holds its lock and then takes the lanes' locks.
 */
final class SpillDrainer {

	private static final Log logger = LogFactory.getLog(SpillDrainer.class);

	private static final long PERIOD_MILLIS = 500;

	private final BooleanSupplier drain;

	/**
	 * Held while starting, stopping and draining. A lock, not a monitor: a drain holds it while
	 * it waits for Redis, and the caller that starts the drainer may be a virtual thread, which
	 * waiting for a monitor held across I/O would pin to its carrier on Java 21 to 23.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by {@link #lock}. */
	private ScheduledExecutorService executor;

	SpillDrainer(BooleanSupplier drain) {
		this.drain = drain;
	}

	void start() {
		this.lock.lock();
		try {
			if (this.executor != null) {
				return;
			}
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "buffered-counter-spill");
				thread.setDaemon(true);
				return thread;
			});
			this.executor.scheduleWithFixedDelay(this::drainOnce, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void drainOnce() {
		this.lock.lock();
		try {
			if (this.drain.getAsBoolean()) {
				stop();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not empty the spill buffer yet", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	void stop() {
		this.lock.lock();
		try {
			if (this.executor != null) {
				this.executor.shutdown();
				this.executor = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
