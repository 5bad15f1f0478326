package io.github.bufferedcounter.flush;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th attempt waits between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}, so instances that failed together do not
 * retry together.
 */
record Backoff(Duration initial, Duration max) {

	Duration after(int attempts) {
		int doublings = Math.min(Math.max(attempts - 1, 0), 30);
		long full = Math.min(this.max.toMillis(), this.initial.toMillis() << doublings);
		long half = full / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
	}

}
