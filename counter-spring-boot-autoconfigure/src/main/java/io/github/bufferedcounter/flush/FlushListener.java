package io.github.bufferedcounter.flush;

import java.time.Duration;

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

	/**
	 * Called when a flush failed with an exception, with how long it ran until then; calls
	 * {@link #failed(RuntimeException)} unless overridden.
	 * @param failure the exception
	 * @param duration how long the flush ran before it failed
	 */
	default void failed(RuntimeException failure, Duration duration) {
		failed(failure);
	}

}
