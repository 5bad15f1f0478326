package io.github.bufferedcounter.store.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads what Redis holds for every counter of one field with {@code field.lua}: each buffered
 * sum, the claimed batches holding the field's counters, and each shard's claim version. Every
 * shard is read in one call on a single node, and one call per shard on a cluster, since a
 * script stays in one slot.
 */
final class RedisFieldRead {

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final boolean singleNode;

	RedisFieldRead(StringRedisTemplate redis, List<RedisShardKeys> shards, boolean singleNode) {
		this.redis = redis;
		this.shards = shards;
		this.singleNode = singleNode;
	}

	/**
	 * Reads the field's counters.
	 * @param entities the entity names whose keys count
	 * @param field the counter field
	 * @param spilled what the spill buffer holds, of any field; the field's sums are added
	 * @return a snapshot for each counter of the field that Redis or the spill buffer holds
	 */
	Map<CounterKey, PendingSnapshot> read(Collection<String> entities, String field, Map<CounterKey, Long> spilled) {
		Object[] prefixes = entities.stream().map((entity) -> entity + ":" + field + ":").toArray();
		Map<CounterKey, PendingSnapshot> snapshots = new HashMap<>();
		long[] versions = new long[this.shards.size()];
		if (this.singleNode) {
			read(allShards(), prefixes, snapshots, versions);
		}
		else {
			for (int shard = 0; shard < this.shards.size(); shard++) {
				read(List.of(shard), prefixes, snapshots, versions);
			}
		}
		spilled.forEach((key, delta) -> {
			if (key.field().equals(field) && entities.contains(key.entity())) {
				PendingSnapshot held = snapshots.get(key);
				snapshots.put(key, (held != null)
						? new PendingSnapshot(held.buffered() + delta, held.inFlight(), held.claimVersion())
						: new PendingSnapshot(delta, Map.of(), versions[DeltaStore.shardOf(key, versions.length)]));
			}
		});
		return snapshots;
	}

	private List<Integer> allShards() {
		List<Integer> all = new ArrayList<>();
		for (int shard = 0; shard < this.shards.size(); shard++) {
			all.add(shard);
		}
		return all;
	}

	/** One call of {@code field.lua} for the given shards; see the script for the reply. */
	private void read(List<Integer> shardNumbers, Object[] prefixes, Map<CounterKey, PendingSnapshot> snapshots,
			long[] versions) {
		List<String> redisKeys = new ArrayList<>();
		shardNumbers.forEach((shard) -> redisKeys.addAll(this.shards.get(shard).forPending()));
		List<?> reply = this.redis.execute(RedisScripts.FIELD, redisKeys, prefixes);
		int at = 0;
		for (int shard : shardNumbers) {
			long version = number(reply.get(at++));
			versions[shard] = version;
			Map<String, Long> buffered = new HashMap<>();
			long counters = number(reply.get(at++));
			for (long i = 0; i < counters; i++) {
				buffered.put(String.valueOf(reply.get(at++)), number(reply.get(at++)));
			}
			Map<String, Map<String, Long>> inFlight = new HashMap<>();
			long entries = number(reply.get(at++));
			for (long entry = 0; entry < entries; entry++) {
				String key = String.valueOf(reply.get(at++));
				String batch = String.valueOf(reply.get(at++));
				inFlight.computeIfAbsent(key, (k) -> new HashMap<>()).merge(batch, number(reply.get(at++)), Long::sum);
			}
			buffered.keySet().forEach((key) -> inFlight.putIfAbsent(key, Map.of()));
			inFlight.forEach((key, batches) -> add(snapshots,
					key, new PendingSnapshot(buffered.getOrDefault(key, 0L), batches, version)));
		}
	}

	private static void add(Map<CounterKey, PendingSnapshot> snapshots, String key, PendingSnapshot snapshot) {
		try {
			snapshots.put(CounterKey.decode(key), snapshot);
		}
		catch (IllegalArgumentException ex) {
			// a malformed entry is parked as a dead letter by the next flush
		}
	}

	private static long number(Object value) {
		return Long.parseLong(String.valueOf(value));
	}

}
