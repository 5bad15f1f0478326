package io.github.bufferedcounter.chaos.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Notices the starter's ERROR logs for the deltas of a committed transaction that Redis refused
 * or may not have taken (the documented limit of the after-commit hand-off), of increments and
 * of counter caches, on the thread that committed: the hand-off runs in the transaction's
 * after-completion callback, on the committing thread (counter cache deltas too, as the workers
 * set {@code counter-cache.await-write}), and does not throw. The load records such a commit as
 * {@link Outcome#REPORTED_LOST} instead of acknowledged.
 */
final class LostDeltaWatch extends AppenderBase<ILoggingEvent> {

	/** The starter's loggers. */
	static final String LOGGER = "io.github.bufferedcounter";

	/** Part of every log line that reports deltas of a committed transaction lost or maybe lost. */
	static final String MESSAGE = "of a committed transaction";

	private static final ThreadLocal<boolean[]> LOST = ThreadLocal.withInitial(() -> new boolean[1]);

	/**
	 * Attaches the watch to the starter's logger; call after the application started, once its
	 * logging system is configured.
	 */
	static void install() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		LostDeltaWatch watch = new LostDeltaWatch();
		watch.setContext(context);
		watch.setName("chaos-lost-delta-watch");
		watch.start();
		Logger logger = context.getLogger(LOGGER);
		logger.addAppender(watch);
	}

	/** Forgets what was noticed on this thread. */
	static void reset() {
		LOST.get()[0] = false;
	}

	/**
	 * Returns whether the starter reported lost deltas on this thread since {@link #reset()}.
	 * @return {@code true} if it did
	 */
	static boolean lost() {
		return LOST.get()[0];
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getLevel() == Level.ERROR && event.getFormattedMessage().contains(MESSAGE)) {
			LOST.get()[0] = true;
		}
	}

}
