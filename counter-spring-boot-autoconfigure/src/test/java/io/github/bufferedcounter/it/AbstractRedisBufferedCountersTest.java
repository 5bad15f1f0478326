package io.github.bufferedcounter.it;

import java.util.UUID;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.testsupport.TestRedis;
import io.github.bufferedcounter.testsupport.TestRedisCluster;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared semantics, plus what only the Redis store can be given: entries planted in Redis
 * by hand.
 */
abstract class AbstractRedisBufferedCountersTest extends AbstractBufferedCountersTest {

	@Autowired
	StringRedisTemplate redis;

	@Value("${buffered-counter.redis.key-prefix}")
	String keyPrefix;

	static void redis(DynamicPropertyRegistry registry, String name) {
		registry.add("spring.data.redis.host", TestRedis::host);
		registry.add("spring.data.redis.port", TestRedis::port);
		keyPrefix(registry, name);
		registry.add("buffered-counter.redis.shards", () -> "4");
	}

	/** Points the application at the test Redis Cluster, with the default number of shards. */
	static void redisCluster(DynamicPropertyRegistry registry, String name) {
		registry.add("spring.data.redis.cluster.nodes", TestRedisCluster::nodesProperty);
		keyPrefix(registry, name);
	}

	/** A prefix of the test's own, the same each time the property is read. */
	private static void keyPrefix(DynamicPropertyRegistry registry, String name) {
		String prefix = "bc-" + name + "-" + UUID.randomUUID();
		registry.add("buffered-counter.redis.key-prefix", () -> prefix);
	}

	/**
	 * Names the pending hash of a shard by the documented key layout, rather than searching with
	 * {@code KEYS}, which on a cluster every master has to answer for its own keys.
	 */
	String pendingHash(int shard) {
		return this.keyPrefix + ":{" + this.keyPrefix + ":" + shard + "}:pending";
	}

	String pendingHash(CounterKey key) {
		return pendingHash(DeltaStore.shardOf(key, this.store.shards()));
	}

	@Test
	void malformedEntryPlantedInRedisIsParkedAndOthersAreWritten() {
		this.counters.increment(Post.class, this.postId, "viewCount", 2);
		String pending = pendingHash(new CounterKey("Post", "viewCount", Long.toString(this.postId)));
		assertThat(this.redis.opsForHash().get(pending, "Post:viewCount:" + this.postId)).isEqualTo("2");
		this.redis.opsForHash().put(pending, "garbage-without-colons", "5");
		long deadBefore = this.store.deadLetterCount();

		FlushResult result = this.counters.flush();

		assertThat(result.rejected()).isEqualTo(1);
		assertThat(views(this.postId)).isEqualTo(2);
		assertThat(this.store.deadLetterCount()).isEqualTo(deadBefore + 1);
	}

}
