package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.RejectedDelta;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * A {@link DeltaStore} in Redis. Each shard is a set of keys under one hash tag: a hash of
 * pending deltas, a sorted set of batch leases, a hash of claimed batches, and hashes for
 * failure counts and dead letters. Claim, acknowledge and multi-key adds are Lua scripts, so
 * each is atomic and touches a single Redis Cluster slot. Values are plain strings and
 * integers; nothing is deserialized as a Java object.
 */
public class RedisDeltaStore implements DeltaStore {

	private static final RedisScript<List> ADD = script("add.lua");

	private static final RedisScript<List> CLAIM = script("claim.lua");

	private static final RedisScript<Long> ACKNOWLEDGE = RedisScript
		.of(new ClassPathResource("acknowledge.lua", RedisDeltaStore.class), Long.class);

	private static final RedisScript<List> PENDING = script("pending.lua");

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final Clock clock;

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock) {
		Assert.isTrue(shards >= 1, "shards must be at least 1");
		this.redis = redis;
		this.clock = clock;
		List<RedisShardKeys> keys = new ArrayList<>(shards);
		for (int shard = 0; shard < shards; shard++) {
			keys.add(RedisShardKeys.of(keyPrefix, shard));
		}
		this.shards = List.copyOf(keys);
	}

	@Override
	public int shards() {
		return this.shards.size();
	}

	@Override
	public void add(Map<CounterKey, Long> deltas) {
		try {
			addToShards(deltas);
		}
		catch (RedisSystemException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			throw new IllegalStateException("Redis refused deltas " + deltas + ": " + cause.getMessage()
					+ "; a buffered sum must stay within a signed 64-bit integer", ex);
		}
	}

	private void addToShards(Map<CounterKey, Long> deltas) {
		if (deltas.size() == 1) {
			Map.Entry<CounterKey, Long> only = deltas.entrySet().iterator().next();
			this.redis.opsForHash().increment(keys(only.getKey()).pending(), only.getKey().encode(), only.getValue());
			return;
		}
		Map<Integer, List<String>> argsByShard = new HashMap<>();
		deltas.forEach((key, delta) -> {
			List<String> args = argsByShard.computeIfAbsent(DeltaStore.shardOf(key, shards()), (s) -> new ArrayList<>());
			args.add(key.encode());
			args.add(Long.toString(delta));
		});
		argsByShard.forEach((shard, args) -> this.redis.execute(ADD, List.of(this.shards.get(shard).pending()),
				args.toArray()));
	}

	@Override
	public Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease) {
		long now = this.clock.millis();
		List<?> reply = this.redis.execute(CLAIM, this.shards.get(shard).forClaim(), Long.toString(now),
				Long.toString(now + lease.toMillis()), UUID.randomUUID().toString(), Integer.toString(maxKeys));
		if (reply == null || reply.isEmpty()) {
			return Optional.empty();
		}
		Map<CounterKey, Long> deltas = new LinkedHashMap<>();
		Map<String, String> malformed = new LinkedHashMap<>();
		for (int i = 2; i < reply.size(); i += 2) {
			String raw = String.valueOf(reply.get(i));
			String value = String.valueOf(reply.get(i + 1));
			try {
				deltas.put(CounterKey.decode(raw), Long.parseLong(value));
			}
			catch (IllegalArgumentException ex) {
				malformed.put(raw, value);
			}
		}
		return Optional.of(new ClaimedBatch(String.valueOf(reply.get(0)), shard, deltas, malformed,
				Integer.parseInt(String.valueOf(reply.get(1)))));
	}

	@Override
	public int acknowledge(ClaimedBatch batch, Iterable<RejectedDelta> rejected, int maxAttempts) {
		List<String> args = new ArrayList<>();
		args.add(batch.id());
		args.add(Integer.toString(maxAttempts));
		for (RejectedDelta delta : rejected) {
			addEntry(args, delta.key().encode(), Long.toString(delta.delta()), delta.error(), false);
		}
		batch.malformed()
			.forEach((key, value) -> addEntry(args, key, value, "malformed entry: expected 'entity:field:id' "
					+ "with an integer delta", true));
		Long parked = this.redis.execute(ACKNOWLEDGE, this.shards.get(batch.shard()).forAcknowledge(), args.toArray());
		return (parked != null) ? parked.intValue() : 0;
	}

	private static void addEntry(List<String> args, String key, String delta, String error, boolean parkNow) {
		args.add(key);
		args.add(delta);
		args.add(error);
		args.add(parkNow ? "1" : "0");
	}

	@Override
	public void release(ClaimedBatch batch, Duration retryAfter) {
		String leases = this.shards.get(batch.shard()).leases();
		this.redis.opsForZSet().add(leases, batch.id(), this.clock.millis() + retryAfter.toMillis());
	}

	@Override
	public PendingSnapshot pending(CounterKey key) {
		List<?> reply = this.redis.execute(PENDING, keys(key).forPending(), key.encode());
		Map<String, Long> inFlight = new HashMap<>();
		for (int i = 2; i + 1 < reply.size(); i += 2) {
			inFlight.merge(String.valueOf(reply.get(i)), Long.parseLong(String.valueOf(reply.get(i + 1))), Long::sum);
		}
		return new PendingSnapshot(Long.parseLong(String.valueOf(reply.get(0))), inFlight,
				Long.parseLong(String.valueOf(reply.get(1))));
	}

	@Override
	public long claimVersion(CounterKey key) {
		String version = this.redis.opsForValue().get(keys(key).claimVersion());
		return (version != null) ? Long.parseLong(version) : 0;
	}

	@Override
	public long deadLetterCount() {
		long count = 0;
		for (RedisShardKeys keys : this.shards) {
			Long size = this.redis.opsForHash().size(keys.dead());
			count += (size != null) ? size : 0;
		}
		return count;
	}

	private RedisShardKeys keys(CounterKey key) {
		return this.shards.get(DeltaStore.shardOf(key, shards()));
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(new ClassPathResource(name, RedisDeltaStore.class), List.class);
	}

}
