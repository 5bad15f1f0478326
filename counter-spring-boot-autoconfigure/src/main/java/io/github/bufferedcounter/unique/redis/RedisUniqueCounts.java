package io.github.bufferedcounter.unique.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.store.redis.RedisScripts;
import io.github.bufferedcounter.unique.UniqueCounts;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Unique counts in Redis: a HyperLogLog per cell ({@code PFADD}, {@code PFCOUNT}; 12 KB at most
 * per cell, less while it holds few keys) and a sorted set of marked cells per shard. A shard's
 * keys share the hash tag {@code {prefix:u:shard}}, so each script runs on one cluster slot.
 * Cells go to shards by row, as deltas do.
 */
public class RedisUniqueCounts implements UniqueCounts {

	/** Keys sent per {@code add.lua} call. */
	static final int KEYS_PER_CALL = 1000;

	private static final RedisScript<Long> ADD = script("add.lua", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = script("claim.lua", List.class);

	private static final RedisScript<Long> WRITTEN = script("written.lua", Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final int shards;

	private final Clock clock;

	/**
	 * Creates the store.
	 * @param redis a template on the Redis server or cluster to use
	 * @param keyPrefix the prefix of every key, the delta store's, with or without a trailing colon
	 * @param shards the number of shards, at least 1
	 * @param clock the clock for leases
	 */
	public RedisUniqueCounts(StringRedisTemplate redis, String keyPrefix, int shards, Clock clock) {
		Assert.isTrue(shards >= 1, "shards must be at least 1");
		this.redis = redis;
		this.keyPrefix = RedisDeltaStore.keyPrefix(keyPrefix);
		this.shards = shards;
		this.clock = clock;
	}

	@Override
	public void add(CounterKey cell, Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		int shard = DeltaStore.shardOf(cell, this.shards);
		List<String> redisKeys = List.of(sketchKey(shard, cell), marks(shard));
		List<String> all = List.copyOf(keys);
		// Lua unpacks at most a few thousand arguments at once; each part counts on its own
		for (int start = 0; start < all.size(); start += KEYS_PER_CALL) {
			List<String> args = new ArrayList<>(KEYS_PER_CALL + 1);
			args.add(cell.encode());
			args.addAll(all.subList(start, Math.min(all.size(), start + KEYS_PER_CALL)));
			this.redis.execute(ADD, redisKeys, args.toArray());
		}
	}

	@Override
	public long estimate(CounterKey cell) {
		Long size = this.redis.opsForHyperLogLog().size(sketchKey(DeltaStore.shardOf(cell, this.shards), cell));
		return (size != null) ? size : 0;
	}

	@Override
	public ClaimedEstimates claim(int shard, int max, Duration lease) {
		long now = this.clock.millis();
		long until = now + lease.toMillis();
		List<?> reply = this.redis.execute(CLAIM, List.of(marks(shard)), Long.toString(now), Long.toString(until),
				Integer.toString(max), base(shard) + "hll:");
		List<Estimate> estimates = new ArrayList<>();
		if (reply != null) {
			for (int i = 0; i + 1 < reply.size(); i += 2) {
				estimates.add(new Estimate(CounterKey.decode(String.valueOf(reply.get(i))),
						Long.parseLong(String.valueOf(reply.get(i + 1)))));
			}
		}
		return new ClaimedEstimates(shard, until, List.copyOf(estimates));
	}

	@Override
	public void written(ClaimedEstimates claimed) {
		if (claimed.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(claimed.estimates().size() + 1);
		args.add(Long.toString(claimed.lease()));
		claimed.estimates().forEach((estimate) -> args.add(estimate.cell().encode()));
		this.redis.execute(WRITTEN, List.of(marks(claimed.shard())), args.toArray());
	}

	@Override
	public long markedCells() {
		long marked = 0;
		for (int shard = 0; shard < this.shards; shard++) {
			Long size = this.redis.opsForZSet().zCard(marks(shard));
			marked += (size != null) ? size : 0;
		}
		return marked;
	}

	@Override
	public int shards() {
		return this.shards;
	}

	private String base(int shard) {
		return this.keyPrefix + ":{" + this.keyPrefix + ":u:" + shard + "}:";
	}

	private String marks(int shard) {
		return base(shard) + "marks";
	}

	private String sketchKey(int shard, CounterKey cell) {
		return base(shard) + "hll:" + cell.encode();
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return RedisScripts.text(new ClassPathResource(name, RedisUniqueCounts.class), resultType);
	}

}
