package io.github.bufferedcounter.chaos.worker;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.store.DeltaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes until the store holds nothing: no buffered delta and no claimed batch (a batch claimed
 * by a killed worker becomes claimable once its lease ran out). Prints one line the driver reads:
 * {@code CHAOS-DRAIN clean=<true|false> pendingKeys=<n> oldest=<instant|none> deadLetters=<n>}.
 */
final class Drain {

	private static final Logger logger = LoggerFactory.getLogger(Drain.class);

	private static final long PAUSE_MILLIS = 250;

	private final BufferedCounters counters;

	private final DeltaStore store;

	private final WorkerSettings settings;

	Drain(BufferedCounters counters, DeltaStore store, WorkerSettings settings) {
		this.counters = counters;
		this.store = store;
		this.settings = settings;
	}

	/**
	 * Flushes until the store is empty or the drain timeout passed.
	 * @return the exit code: 0 if the store was emptied, 2 if not
	 * @throws InterruptedException if interrupted
	 */
	int run() throws InterruptedException {
		long deadline = System.currentTimeMillis() + this.settings.drainTimeoutMillis();
		boolean clean = false;
		while (!clean && System.currentTimeMillis() < deadline) {
			try {
				this.counters.flush();
				clean = this.store.pendingKeyCount() == 0 && this.store.oldestPending().isEmpty();
			}
			catch (RuntimeException ex) {
				logger.warn("CHAOS-DRAIN flush failed: {}", ex.toString());
			}
			if (!clean) {
				Thread.sleep(PAUSE_MILLIS);
			}
		}
		String line = "CHAOS-DRAIN clean=" + clean + " pendingKeys=" + this.store.pendingKeyCount() + " oldest="
				+ this.store.oldestPending().map(Object::toString).orElse("none") + " deadLetters="
				+ this.store.deadLetterCount();
		System.out.println(line);
		return clean ? 0 : 2;
	}

}
