package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeadLetter;
import io.github.bufferedcounter.store.DeferredAdds;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingPage;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.RejectedDelta;
import io.github.bufferedcounter.store.SpillBufferFullException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link DeltaStore} in Redis. Each shard is a set of keys under one hash tag: a hash of
 * pending deltas, a sorted set of batch leases, a hash of claimed batches, and hashes for
 * failure counts and dead letters. Adds, claims, acknowledges and the operator commands are Lua
 * scripts, so each is atomic and touches a single Redis Cluster slot. Values are plain strings
 * and integers; nothing is deserialized as a Java object. Adds go through {@link RedisAdds},
 * which numbers them and holds them in process while Redis cannot be reached.
 */
public class RedisDeltaStore implements DeltaStore, AutoCloseable {

	/** The default bound of the spill buffer, in distinct keys. */
	public static final int DEFAULT_SPILL_LIMIT = 100_000;

	/** The default of how long Redis remembers the number of an instance's last write. */
	public static final Duration DEFAULT_WRITER_MARK_TTL = Duration.ofDays(7);

	/** How many writes of one group commit are in flight at once unless configured otherwise. */
	public static final int DEFAULT_WRITES_IN_FLIGHT = 1;

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final Clock clock;

	private final String shardCountKey;

	private final boolean singleNode;

	private final RedisAdds adds;

	private final RedisPendingRead pendingRead;

	private final RedisFieldRead fieldRead;

	private final DeferredAdds committed;

	private final Duration writerMarkTtl;

	private final RedisOwnership ownership;

	/** Runs the scripts the store relies on once they return: adds and claims. */
	private final DurableScripts durable;

	private volatile Supplier<String> owner = () -> "";

	/**
	 * Creates a store that writes each shard with calls of its own, as Redis Cluster needs.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock) {
		this(redis, keyPrefix, shards, clock, false);
	}

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 * @param singleNode whether all keys live on one Redis node (not a cluster), so that one
	 * call may add to several shards
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock, boolean singleNode) {
		this(redis, keyPrefix, shards, clock, singleNode, DEFAULT_SPILL_LIMIT);
	}

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 * @param singleNode whether all keys live on one Redis node (not a cluster), so that one
	 * call may add to several shards
	 * @param spillLimit the most distinct keys to hold in process while Redis cannot be
	 * reached, 0 to fail adds at once instead
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock, boolean singleNode,
			int spillLimit) {
		this(redis, keyPrefix, shards, clock, singleNode, spillLimit, DEFAULT_WRITER_MARK_TTL);
	}

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 * @param singleNode whether all keys live on one Redis node (not a cluster), so that one
	 * call may add to several shards
	 * @param spillLimit the most distinct keys to hold in process while Redis cannot be
	 * reached, 0 to fail adds at once instead
	 * @param writerMarkTtl how long Redis remembers the number of this instance's last write;
	 * a write whose reply was lost is sent again within this time, and given up (logged at
	 * ERROR) if Redis stays out of reach for longer
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock, boolean singleNode,
			int spillLimit, Duration writerMarkTtl) {
		this(redis, keyPrefix, shards, clock, singleNode, spillLimit, writerMarkTtl, DEFAULT_WRITES_IN_FLIGHT);
	}

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 * @param singleNode whether all keys live on one Redis node (not a cluster), so that one
	 * call may add to several shards
	 * @param spillLimit the most distinct keys to hold in process while Redis cannot be
	 * reached, 0 to fail adds at once instead
	 * @param writerMarkTtl how long Redis remembers the number of this instance's last write;
	 * a write whose reply was lost is sent again within this time, and given up (logged at
	 * ERROR) if Redis stays out of reach for longer
	 * @param writesInFlight how many combined writes may wait for Redis's reply at once, per
	 * node or, on a cluster, per shard; 1 to 64
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock, boolean singleNode,
			int spillLimit, Duration writerMarkTtl, int writesInFlight) {
		this(redis, keyPrefix, shards, clock, singleNode, spillLimit, writerMarkTtl, writesInFlight,
				ReplicaAcknowledgement.NONE);
	}

	/**
	 * Creates a store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 * @param singleNode whether all keys live on one Redis node (not a cluster), so that one
	 * call may add to several shards
	 * @param spillLimit the most distinct keys to hold in process while Redis cannot be
	 * reached, 0 to fail adds at once instead
	 * @param writerMarkTtl how long Redis remembers the number of this instance's last write;
	 * a write whose reply was lost is sent again within this time, and given up (logged at
	 * ERROR) if Redis stays out of reach for longer
	 * @param writesInFlight how many combined writes may wait for Redis's reply at once, per
	 * node or, on a cluster, per shard; 1 to 64
	 * @param replicas how many replicas must confirm an add before its callers return, and a
	 * claim before its batch is handed out
	 * @throws IllegalStateException if replicas must confirm writes but the template's
	 * connection factory is not Lettuce's
	 */
	public RedisDeltaStore(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock, boolean singleNode,
			int spillLimit, Duration writerMarkTtl, int writesInFlight, ReplicaAcknowledgement replicas) {
		Assert.isTrue(writesInFlight >= 1 && writesInFlight <= 64, "writesInFlight must be between 1 and 64");
		Assert.isTrue(shards >= 1, "shards must be at least 1");
		Assert.isTrue(spillLimit >= 0, "spillLimit must not be negative");
		Assert.isTrue(writerMarkTtl.compareTo(Duration.ofSeconds(1)) >= 0, "writerMarkTtl must be at least 1s");
		this.redis = redis;
		this.writerMarkTtl = writerMarkTtl;
		this.clock = clock;
		this.singleNode = singleNode;
		String prefix = keyPrefix(keyPrefix);
		List<RedisShardKeys> keys = new ArrayList<>(shards);
		for (int shard = 0; shard < shards; shard++) {
			keys.add(RedisShardKeys.of(prefix, shard));
		}
		this.shards = List.copyOf(keys);
		this.durable = ReplicatedScripts.of(redis.getRequiredConnectionFactory(), replicas,
				DurableScripts.onPrimary(redis));
		this.adds = new RedisAdds(redis, this.durable, this.shards, clock, singleNode, spillLimit, writerMarkTtl,
				writesInFlight);
		this.pendingRead = new RedisPendingRead(redis, this.shards, singleNode);
		this.fieldRead = new RedisFieldRead(redis, this.shards, singleNode);
		// on a cluster each shard's add is all or nothing on its own, so a refusal is per shard
		this.committed = new DeferredAdds(this, "counter cache deltas",
				singleNode ? (key) -> 0 : (key) -> DeltaStore.shardOf(key, shards));
		this.shardCountKey = prefix + ":shards";
		this.ownership = new RedisOwnership(redis, this.shards, prefix);
	}

	/**
	 * Makes the store belong to one database: from now on it claims only shards whose owner is
	 * that database's identity, or that have no owner yet (and then become its). A store never
	 * given an owner claims any shard.
	 * @param identity the identity of the database the flusher writes to, read when first needed
	 */
	public void ownedBy(Supplier<String> identity) {
		this.owner = identity;
	}

	/**
	 * Records this store's database as the owner of every shard, or checks that it is already;
	 * does nothing for a store never given an owner.
	 * @throws IllegalStateException if another database owns one of the shards
	 */
	public void claimOwnership() {
		String identity = this.owner.get();
		if (!identity.isEmpty()) {
			this.ownership.claimAll(identity);
		}
	}

	/**
	 * Returns the prefix as keys begin with it: the configured one without trailing colons,
	 * since the store puts a colon after it itself. {@code app} and {@code app:} name the same
	 * keys, such as {@code app:shards}.
	 * @param configured the configured prefix
	 * @return the prefix without trailing colons
	 */
	public static String keyPrefix(String configured) {
		int end = configured.length();
		while (end > 0 && configured.charAt(end - 1) == ':') {
			end--;
		}
		return configured.substring(0, end);
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
	 * Adds deltas, sharing the round trip with concurrent callers; returns once they are in
	 * Redis, or, while Redis cannot be reached, once they are in the local spill buffer.
	 * @throws SpillBufferFullException if Redis cannot be reached and the spill buffer is full
	 */
	@Override
	public void add(Map<CounterKey, Long> deltas) {
		this.adds.add(deltas);
	}

	/**
	 * Queues the deltas of a committed transaction for a thread that adds them, so the
	 * committing thread does not wait for Redis; see {@link DeferredAdds}.
	 */
	@Override
	public void addCommitted(Map<CounterKey, Long> deltas) {
		this.committed.add(deltas);
	}

	/** Adds the queued deltas of committed transactions, then sends what the spill buffer holds, if Redis answers. */
	@Override
	public void sync() {
		this.committed.sync();
		this.adds.drain();
	}

	@Override
	public int deferredTransactions() {
		return this.committed.queued();
	}

	@Override
	public int spilledKeys() {
		return this.adds.spilledKeys();
	}

	@Override
	public long spilledDeltas() {
		return this.adds.spilledDeltas();
	}

	@Override
	public long spillRefusals() {
		return this.adds.spillRefusals();
	}

	@Override
	public long refusedAfterAcknowledge() {
		return this.adds.refusedAfterAcknowledge();
	}

	@Override
	public long abandonedResends() {
		return this.adds.abandonedResends();
	}

	/**
	 * Writes the counter cache deltas still queued and stops their thread, then stops the spill
	 * drainer, sending what is spilled one last time; what still cannot be sent is logged as
	 * lost. The store still takes adds afterwards, each written at once and never spilled.
	 * Closing again is harmless.
	 */
	@Override
	public void close() {
		this.committed.close();
		this.adds.close();
		this.durable.close();
	}


	@Override
	public Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease) {
		String identity = this.owner.get();
		long now = this.clock.millis();
		RedisShardKeys keys = this.shards.get(shard);
		// a claim the replicas have not confirmed never reaches the database: a failover to one of
		// them could bring its deltas back as pending, to be applied a second time
		List<?> reply = this.durable.run(RedisScripts.CLAIM, keys.forClaim(),
				List.of(Long.toString(now), Long.toString(now + lease.toMillis()), UUID.randomUUID().toString(),
						Integer.toString(maxKeys), RedisShardKeys.newClaimVersion(), identity),
				RedisDeltaStore::claimedSomething);
		if (reply == null || reply.isEmpty()) {
			return Optional.empty();
		}
		if (RedisOwnership.REFUSED.equals(String.valueOf(reply.get(0)))) {
			throw this.ownership.refused(keys.owner(), String.valueOf(reply.get(1)), identity);
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

	private static boolean claimedSomething(List<?> reply) {
		return reply != null && !reply.isEmpty() && !RedisOwnership.REFUSED.equals(String.valueOf(reply.get(0)));
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
		return pendingAll(List.of(key)).get(key);
	}

	@Override
	public Map<CounterKey, PendingSnapshot> pendingAll(Collection<CounterKey> keys) {
		this.committed.sync();
		return this.adds.readWithSpilled(keys, (spilled) -> this.pendingRead.read(keys, spilled));
	}

	@Override
	public Map<CounterKey, PendingSnapshot> pendingOfField(Collection<String> entities, String field) {
		this.committed.sync();
		return this.adds.readWithAllSpilled((spilled) -> this.fieldRead.read(entities, field, spilled));
	}

	@Override
	public long claimVersion(CounterKey key) {
		return claimVersions(List.of(key)).get(key);
	}

	@Override
	public Map<CounterKey, Long> claimVersions(Collection<CounterKey> keys) {
		return this.pendingRead.claimVersions(keys);
	}

	/**
	 * Remembers each row that has a delta pending for writer-mark-ttl, as one key per row with
	 * that expiry: a delta can reach Redis that long after its transaction committed (a write
	 * resent after an outage), and no later. Queued and spilled deltas are sent first, so that
	 * a delta committed before the deletion counts as pending. One script call per shard.
	 */
	@Override
	public void rowsDeleted(Collection<CounterKey> counters) {
		sync();
		Map<RedisShardKeys, Map<String, List<CounterKey>>> byShard = new LinkedHashMap<>();
		counters.forEach((key) -> byShard.computeIfAbsent(keys(key), (shard) -> new LinkedHashMap<>())
			.computeIfAbsent(key.row(), (row) -> new ArrayList<>())
			.add(key));
		byShard.forEach((shard, rows) -> {
			List<String> keys = new ArrayList<>();
			List<String> args = new ArrayList<>(List.of(Long.toString(this.writerMarkTtl.toMillis()),
					Long.toString(this.clock.millis())));
			keys.add(shard.pending());
			rows.forEach((row, rowCounters) -> {
				keys.add(shard.deletedRow(row));
				args.add(Integer.toString(rowCounters.size()));
				rowCounters.forEach((key) -> args.add(key.toString()));
			});
			this.redis.execute(RedisScripts.DELETED, keys, args.toArray());
		});
	}

	@Override
	public Set<CounterKey> deletedAmong(Collection<CounterKey> keys) {
		Set<CounterKey> deleted = new HashSet<>();
		Map<RedisShardKeys, List<CounterKey>> byShard = new LinkedHashMap<>();
		keys.forEach((key) -> byShard.computeIfAbsent(keys(key), (shard) -> new ArrayList<>()).add(key));
		byShard.forEach((shard, shardKeys) -> {
			List<String> found = this.redis.opsForValue()
				.multiGet(shardKeys.stream().map((key) -> shard.deletedRow(key.row())).toList());
			for (int i = 0; i < shardKeys.size(); i++) {
				if (found != null && found.get(i) != null) {
					deleted.add(shardKeys.get(i));
				}
			}
		});
		return deleted;
	}

	@Override
	public long pendingKeyCount() {
		return sumOverShards(RedisShardKeys::pending);
	}

	@Override
	public PendingPage scanPending(@Nullable String entity, @Nullable String cursor, int limit) {
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
	public int retryDeadLetters(@Nullable String key) {
		return new RedisDeadLetters(this.redis, this.shards, this.clock).retry(key);
	}

	@Override
	public int discardDeadLetters(@Nullable String key) {
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

	private RedisShardKeys keys(CounterKey key) {
		return this.shards.get(DeltaStore.shardOf(key, shards()));
	}

}
