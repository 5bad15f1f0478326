package io.github.bufferedcounter.autoconfigure;

import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.store.DeltaStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes the Redis delta store in the shutdown phase just before its connection factory stops,
 * not when its bean is destroyed, which comes after: what the store still holds in process
 * (counter cache deltas on their way, locally aggregated sums, the spill buffer) then reaches
 * Redis while it can, instead of being logged as lost. Increments made after the flusher's last
 * flush, by components that stop later, wait in Redis for the next start. The store takes adds
 * after this close too, writing them at once. A stop that is not part of closing the context
 * (a {@code stop()} or {@code pause()} to be followed by {@code start()}) only writes what the
 * store holds, and leaves it working as before.
 */
final class DeltaStoreShutdown implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(DeltaStoreShutdown.class);

	private final DeltaStore store;

	private final int phase;

	private ApplicationContext context;

	private volatile boolean closing;

	private volatile boolean running;

	/**
	 * @param store the store to close, if it is {@link AutoCloseable}
	 * @param connectionFactory what the store writes through; when it is a
	 * {@link SmartLifecycle}, the store closes in the phase before it stops
	 */
	DeltaStoreShutdown(DeltaStore store, Object connectionFactory) {
		this.store = store;
		this.phase = phaseBefore(connectionFactory);
	}

	/**
	 * The phase that stops right before the connection factory, but never before the flusher
	 * (whose last flush needs the store open). A factory that is no lifecycle closes when its bean
	 * is destroyed, after the store's bean that depends on it, so any late phase does.
	 */
	static int phaseBefore(Object connectionFactory) {
		if (!(connectionFactory instanceof SmartLifecycle lifecycle)) {
			return 0;
		}
		int factoryPhase = lifecycle.getPhase();
		return (factoryPhase >= FlushScheduler.PHASE - 1) ? FlushScheduler.PHASE - 1 : factoryPhase + 1;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/** The context announces its close before it stops its lifecycle beans. */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.closing = true;
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			if (!this.closing) {
				this.store.sync();
			}
			else if (this.store instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			logger.error("Could not write what the buffered counter store holds before its Redis connection stops", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
