package io.github.bufferedcounter.flush;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.store.ClaimedBatch;

/**
 * Watches each flush pass and each batch it applies while they run, so that a tracer can show
 * them as spans: the {@link FlushListener} hears of a flush only once it ended. Called on the
 * flushing thread; a batch may run on another thread than its flush pass, and is then given the
 * pass explicitly. {@code io.github.bufferedcounter.flush.observation} implements it with
 * Micrometer Observations.
 */
public interface FlushObserver {

	/** Watches nothing. */
	FlushObserver NONE = new FlushObserver() {
	};

	/**
	 * Called as a flush pass begins.
	 * @return what to tell how the pass ends
	 */
	default Watch flushStarted() {
		return Watch.NONE;
	}

	/**
	 * Called as a claimed batch begins to be applied.
	 * @param flush the watch of the flush pass applying it
	 * @param batch the batch
	 * @return what to tell how the batch ends
	 */
	default Watch batchStarted(Watch flush, ClaimedBatch batch) {
		return Watch.NONE;
	}

	/**
	 * One flush pass or batch under watch; told its result or failure (a batch left for a retry
	 * is told both), then stopped, on the thread that started it.
	 */
	interface Watch {

		/** Watches nothing. */
		Watch NONE = new Watch() {
		};

		/**
		 * Called when the pass or batch ended with a result.
		 * @param result what it wrote
		 */
		default void ended(FlushResult result) {
		}

		/**
		 * Called when the pass or batch failed, or a batch was left for a retry.
		 * @param failure what went wrong
		 */
		default void failed(Throwable failure) {
		}

		/**
		 * Called last, in every case.
		 */
		default void stop() {
		}

	}

}
