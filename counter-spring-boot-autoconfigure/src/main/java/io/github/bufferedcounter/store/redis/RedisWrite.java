package io.github.bufferedcounter.store.redis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.bufferedcounter.store.CounterKey;

/**
 * One call of {@code add.lua}: its number in this writer's sequence, the encoded key and delta
 * pairs per shard, and the deltas it carries.
 *
 * @param number the write number, which {@code add.lua} records so a resent write is skipped
 * @param byShard per shard, key and delta pairs as script arguments
 * @param deltas the deltas, for reads and logs
 */
record RedisWrite(long number, Map<Integer, List<String>> byShard, Map<CounterKey, Long> deltas) {

	RedisWrite {
		byShard = Collections.unmodifiableMap(new TreeMap<>(byShard));
		deltas = Map.copyOf(deltas);
	}

}
