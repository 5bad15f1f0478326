package io.github.bufferedcounter.autoconfigure;

import java.time.Duration;

import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;

/**
 * Puts the optional in-process aggregation in front of a store when
 * {@code buffered-counter.local-aggregation.window} is set. In front of the Redis store it holds
 * no more keys than the spill buffer would while Redis refuses its pushes.
 */
final class LocalAggregation {

	private LocalAggregation() {
	}

	static DeltaStore around(DeltaStore store, BufferedCounterProperties properties) {
		Duration window = properties.getLocalAggregation().getWindow();
		if (window == null) {
			return store;
		}
		int spillLimit = properties.getRedis().getSpillLimit();
		return (store instanceof RedisDeltaStore && spillLimit > 0) ? new AggregatingDeltaStore(store, window, spillLimit)
				: new AggregatingDeltaStore(store, window);
	}

}
