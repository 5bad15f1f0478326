package io.github.bufferedcounter.autoconfigure;

import java.time.Duration;

import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;

/**
 * Puts the optional in-process aggregation in front of a store when
 * {@code buffered-counter.local-aggregation.window} is set.
 */
final class LocalAggregation {

	private LocalAggregation() {
	}

	static DeltaStore around(DeltaStore store, BufferedCounterProperties properties) {
		Duration window = properties.getLocalAggregation().getWindow();
		return (window != null) ? new AggregatingDeltaStore(store, window) : store;
	}

}
