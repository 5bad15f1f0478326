package io.github.bufferedcounter.read;

import java.util.Map;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;

/**
 * The check that ends a read: no shard of the read counters was claimed since their pending
 * deltas were taken. A claim in between may have moved deltas into a batch and applied it, so
 * the database read could count them twice or not at all; the reader then reads again.
 */
final class ClaimVersions {

	private ClaimVersions() {
	}

	static boolean unchangedSince(DeltaStore store, Map<CounterKey, PendingSnapshot> pending) {
		Map<CounterKey, Long> versions = store.claimVersions(pending.keySet());
		return pending.entrySet()
			.stream()
			.allMatch((entry) -> versions.get(entry.getKey()) == entry.getValue().claimVersion());
	}

}
