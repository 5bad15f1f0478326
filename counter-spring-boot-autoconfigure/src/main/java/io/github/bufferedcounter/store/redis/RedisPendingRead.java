package io.github.bufferedcounter.store.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads what Redis holds for counters with {@code pending.lua}: the buffered sum of each
 * counter, the claimed batches holding it, and its shard's claim version. The counters of a
 * shard are read in one call, and on a single node every shard in one call, since no slot
 * rule forbids it there.
 */
final class RedisPendingRead {

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final boolean singleNode;

	RedisPendingRead(StringRedisTemplate redis, List<RedisShardKeys> shards, boolean singleNode) {
		this.redis = redis;
		this.shards = shards;
		this.singleNode = singleNode;
	}

	/**
	 * Reads the counters.
	 * @param keys the counters
	 * @param spilled what the spill buffer holds for some of them, added to their buffered sum
	 * @return a snapshot for each distinct key
	 */
	Map<CounterKey, PendingSnapshot> read(Collection<CounterKey> keys, Map<CounterKey, Long> spilled) {
		Map<Integer, List<CounterKey>> byShard = byShard(keys);
		Map<CounterKey, PendingSnapshot> snapshots = new HashMap<>();
		if (this.singleNode) {
			read(byShard, spilled, snapshots);
		}
		else {
			byShard.forEach((shard, shardKeys) -> read(Map.of(shard, shardKeys), spilled, snapshots));
		}
		return snapshots;
	}

	/**
	 * Reads the claim version of each counter's shard, each shard once.
	 * @param keys the counters
	 * @return the version for each distinct key
	 */
	Map<CounterKey, Long> claimVersions(Collection<CounterKey> keys) {
		Map<Integer, List<CounterKey>> byShard = byShard(keys);
		List<String> versionKeys = byShard.keySet().stream().map((shard) -> this.shards.get(shard).claimVersion()).toList();
		List<String> values = this.redis.opsForValue().multiGet(versionKeys);
		Map<CounterKey, Long> versions = new HashMap<>();
		int i = 0;
		for (List<CounterKey> shardKeys : byShard.values()) {
			String value = (values != null) ? values.get(i++) : null;
			long version = (value != null) ? Long.parseLong(value) : 0;
			shardKeys.forEach((key) -> versions.put(key, version));
		}
		return versions;
	}

	private Map<Integer, List<CounterKey>> byShard(Collection<CounterKey> keys) {
		Map<Integer, List<CounterKey>> byShard = new TreeMap<>();
		for (CounterKey key : new LinkedHashSet<>(keys)) {
			byShard.computeIfAbsent(DeltaStore.shardOf(key, this.shards.size()), (shard) -> new ArrayList<>()).add(key);
		}
		return byShard;
	}

	/** One call of {@code pending.lua} for the given shards; see the script for the reply. */
	private void read(Map<Integer, List<CounterKey>> byShard, Map<CounterKey, Long> spilled,
			Map<CounterKey, PendingSnapshot> snapshots) {
		List<String> redisKeys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		byShard.forEach((shard, shardKeys) -> {
			redisKeys.addAll(this.shards.get(shard).forPending());
			args.add(Integer.toString(shardKeys.size()));
			shardKeys.forEach((key) -> args.add(key.encode()));
		});
		List<?> reply = this.redis.execute(RedisScripts.PENDING, redisKeys, args.toArray());
		int at = 0;
		for (List<CounterKey> shardKeys : byShard.values()) {
			long version = number(reply.get(at++));
			long[] buffered = new long[shardKeys.size()];
			for (int i = 0; i < buffered.length; i++) {
				buffered[i] = number(reply.get(at++));
			}
			List<Map<String, Long>> inFlight = new ArrayList<>();
			shardKeys.forEach((key) -> inFlight.add(new HashMap<>()));
			long entries = number(reply.get(at++));
			for (long entry = 0; entry < entries; entry++) {
				int position = (int) number(reply.get(at++)) - 1;
				String batch = String.valueOf(reply.get(at++));
				inFlight.get(position).merge(batch, number(reply.get(at++)), Long::sum);
			}
			for (int i = 0; i < buffered.length; i++) {
				CounterKey key = shardKeys.get(i);
				snapshots.put(key,
						new PendingSnapshot(buffered[i] + spilled.getOrDefault(key, 0L), inFlight.get(i), version));
			}
		}
	}

	private static long number(Object value) {
		return Long.parseLong(String.valueOf(value));
	}

}
