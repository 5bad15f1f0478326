package io.github.bufferedcounter.store.redis;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A daemon thread that tries to empty the spill buffer every half second while it holds
 * something, so spilled deltas reach Redis soon after it answers again even when no flush runs.
 * Started at the first spill, stopped once the buffer is empty. Never start it while holding
 * every write lane's lock: a drain holds this object's lock and then takes the lanes' locks.
 */
final class SpillDrainer {

	private static final Log logger = LogFactory.getLog(SpillDrainer.class);

	private static final long PERIOD_MILLIS = 500;

	private final BooleanSupplier drain;

	private ScheduledExecutorService executor;

	SpillDrainer(BooleanSupplier drain) {
		this.drain = drain;
	}

	synchronized void start() {
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

	private synchronized void drainOnce() {
		try {
			if (this.drain.getAsBoolean()) {
				stop();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not empty the spill buffer yet", ex);
		}
	}

	synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdown();
			this.executor = null;
		}
	}

}
