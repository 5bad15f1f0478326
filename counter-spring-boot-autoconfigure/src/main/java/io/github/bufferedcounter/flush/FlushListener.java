package io.github.bufferedcounter.flush;

import io.github.bufferedcounter.FlushResult;

/**
 * Told about every flush, for metrics and monitoring. Called on the flushing thread; keep it
 * quick.
 */
public interface FlushListener {

	/**
	 * Called after a flush ended, also one that found nothing to do.
	 * @param result what it wrote
	 */
	default void flushed(FlushResult result) {
	}

	/**
	 * Called when a flush failed with an exception, for example because the store was down.
	 * @param failure the exception
	 */
	default void failed(RuntimeException failure) {
	}

}
