package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeadLetter;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingPage;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.RejectedDelta;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link DeltaStore} in Redis. Each shard is a set of keys under one hash tag: a hash of
 * pending deltas, a sorted set of batch leases, a hash of claimed batches, and hashes for
 * failure counts and dead letters. Adds, claims, acknowledges and the operator commands are Lua
 * scripts, so each is atomic and touches a single Redis Cluster slot. Values are plain strings
 * and integers; nothing is deserialized as a Java object.
 * <p>
 * Adds are idempotent: each write carries this store's writer id and a sequence number, and the
 * script ignores a write it has seen. Lettuce re-sends the commands that were in flight when a
 * connection dropped (its default, at-least-once mode), and Redis may have executed one whose
 * reply was lost; without the check its deltas would be counted twice.
 */
public class RedisDeltaStore implements DeltaStore {

	/**
	 * How long Redis remembers a writer's last sequence number after its last write: far longer
	 * than a command can wait for a reconnect before its timeout.
	 */
	static final Duration WRITER_MEMORY = Duration.ofDays(1);

	/** How {@code add.lua}'s own error starts: the script took back what it had added. */
	private static final String ADD_REFUSED = "cannot add ";

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final Clock clock;

	private final String shardCountKey;

	private final boolean singleNode;

	private final GroupCommit groupCommit = new GroupCommit(this::write);

	/** This store's id in the writer keys; lower-case letters, as all key name parts. */
	private final String writer = randomLetters(16);

	/** Numbers the writes; {@link GroupCommit} runs one at a time, so they reach Redis in order. */
	private final AtomicLong writes = new AtomicLong();

	/**
	 * Creates a store that writes each shard with calls of its own, as Redis Cluster needs.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock) {
		this(redis, keyPrefix, shards, clock, false);
	}

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 * @param singleNode whether all keys live on one Redis node (not a cluster), so that one
	 * call may add to several shards
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock, boolean singleNode) {
		Assert.isTrue(shards >= 1, "shards must be at least 1");
		this.redis = redis;
		this.clock = clock;
		this.singleNode = singleNode;
		List<RedisShardKeys> keys = new ArrayList<>(shards);
		for (int shard = 0; shard < shards; shard++) {
			keys.add(RedisShardKeys.of(keyPrefix, shard));
		}
		this.shards = List.copyOf(keys);
		this.shardCountKey = keyPrefix + ":shards";
	}

	/**
	 * Records the shard count in Redis, or checks it against the recorded one. More shards than
	 * before is fine: old shards are still drained. Fewer would strand the deltas of the shards
	 * left out, so it is refused.
	 * @throws IllegalStateException if fewer shards are configured than the data was written with
	 */
	public void checkShardCount() {
		String configured = Integer.toString(shards());
		if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(this.shardCountKey, configured))) {
			return;
		}
		String recorded = this.redis.opsForValue().get(this.shardCountKey);
		int before = (recorded != null) ? Integer.parseInt(recorded) : 0;
		if (before > shards()) {
			throw new IllegalStateException("buffered-counter.redis.shards is " + shards() + " but Redis holds data "
					+ "written with " + before + " shards under key " + this.shardCountKey + "; deltas in the shards "
					+ "above " + (shards() - 1) + " would never be flushed. Set it back to " + before
					+ ", or flush everything, stop all instances and delete that key before lowering it");
		}
		if (before < shards()) {
			this.redis.opsForValue().set(this.shardCountKey, configured);
		}
	}

	@Override
	public int shards() {
		return this.shards.size();
	}

	/**
	 * Adds deltas, sharing the round trip with concurrent callers; returns once they are in Redis.
	 */
	@Override
	public void add(Map<CounterKey, Long> deltas) {
		this.groupCommit.submit(deltas);
	}

	private void write(Map<CounterKey, Long> deltas) {
		if (deltas.isEmpty()) {
			return;
		}
		Map<Integer, List<String>> byShard = new TreeMap<>();
		deltas.forEach((key, delta) -> {
			List<String> pairs = byShard.computeIfAbsent(DeltaStore.shardOf(key, shards()), (shard) -> new ArrayList<>());
			pairs.add(key.encode());
			pairs.add(Long.toString(delta));
		});
		String now = Long.toString(this.clock.millis());
		String sequence = Long.toString(this.writes.incrementAndGet());
		try {
			if (this.singleNode) {
				addToShards(now, sequence, byShard);
			}
			else {
				byShard.forEach((shard, pairs) -> addToShards(now, sequence, Map.of(shard, pairs)));
			}
		}
		catch (RedisSystemException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			String message = String.valueOf(cause.getMessage());
			String text = "Redis refused deltas " + deltas + ": " + message
					+ (message.contains("overflow") ? "; a buffered sum must stay within a signed 64-bit integer" : "");
			if (message.contains(ADD_REFUSED)) {
				throw new RefusedDeltasException(text, ex);
			}
			throw new IllegalStateException(text, ex);
		}
	}

	private void addToShards(String now, String sequence, Map<Integer, List<String>> byShard) {
		List<String> keys = new ArrayList<>();
		keys.add(this.shards.get(byShard.keySet().iterator().next()).writer(this.writer));
		List<String> args = new ArrayList<>();
		args.add(now);
		args.add(sequence);
		args.add(Long.toString(WRITER_MEMORY.toMillis()));
		byShard.forEach((shard, pairs) -> {
			keys.addAll(this.shards.get(shard).forAdd());
			args.add(Integer.toString(pairs.size() / 2));
			args.addAll(pairs);
		});
		this.redis.execute(RedisScripts.ADD, keys, args.toArray());
	}

	@Override
	public Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease) {
		long now = this.clock.millis();
		List<?> reply = this.redis.execute(RedisScripts.CLAIM, this.shards.get(shard).forClaim(), Long.toString(now),
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
		args.add(Long.toString(this.clock.millis()));
		for (RejectedDelta delta : rejected) {
			addEntry(args, delta.key().encode(), Long.toString(delta.delta()), delta.error(), false);
		}
		batch.malformed()
			.forEach((key, value) -> addEntry(args, key, value,
					"malformed entry: expected 'entity:field:id' with an integer delta", true));
		Long parked = this.redis.execute(RedisScripts.ACKNOWLEDGE, this.shards.get(batch.shard()).forAcknowledge(),
				args.toArray());
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
		this.redis.execute(RedisScripts.RELEASE, List.of(this.shards.get(batch.shard()).leases()), batch.id(),
				Long.toString(this.clock.millis() + retryAfter.toMillis()));
	}

	@Override
	public PendingSnapshot pending(CounterKey key) {
		List<?> reply = this.redis.execute(RedisScripts.PENDING, keys(key).forPending(), key.encode());
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
	public long pendingKeyCount() {
		return sumOverShards(RedisShardKeys::pending);
	}

	@Override
	public PendingPage scanPending(String entity, String cursor, int limit) {
		return new RedisPendingScan(this.redis, this.shards).page(entity, cursor, limit);
	}

	@Override
	public Optional<Instant> oldestPending() {
		Long oldest = null;
		for (RedisShardKeys keys : this.shards) {
			String since = this.redis.execute(RedisScripts.OLDEST, keys.forOldest());
			if (since != null) {
				long millis = Long.parseLong(since);
				oldest = (oldest == null) ? millis : Math.min(oldest, millis);
			}
		}
		return Optional.ofNullable(oldest).map(Instant::ofEpochMilli);
	}

	@Override
	public long deadLetterCount() {
		return sumOverShards(RedisShardKeys::dead);
	}

	@Override
	public List<DeadLetter> deadLetters(int limit) {
		return new RedisDeadLetters(this.redis, this.shards, this.clock).list(limit);
	}

	@Override
	public int retryDeadLetters(String key) {
		return new RedisDeadLetters(this.redis, this.shards, this.clock).retry(key);
	}

	@Override
	public int discardDeadLetters(String key) {
		return new RedisDeadLetters(this.redis, this.shards, this.clock).discard(key);
	}

	private long sumOverShards(java.util.function.Function<RedisShardKeys, String> hash) {
		long count = 0;
		for (RedisShardKeys keys : this.shards) {
			Long size = this.redis.opsForHash().size(hash.apply(keys));
			count += (size != null) ? size : 0;
		}
		return count;
	}

	private static String randomLetters(int length) {
		StringBuilder letters = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
		}
		return letters.toString();
	}

	private RedisShardKeys keys(CounterKey key) {
		return this.shards.get(DeltaStore.shardOf(key, shards()));
	}

}
