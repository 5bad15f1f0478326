package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.RefusedDeltasException;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store tells a write that {@code add.lua} refused, which group commit may split and write
 * again, from any other failure.
 */
class RedisAddRefusalTest {

	@Test
	void anOverflowIsARefusal() throws Exception {
		LettuceConnectionFactory connectionFactory = Loopback
			.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		try {
			RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(connectionFactory),
					"refusal-" + UUID.randomUUID(), 4, Clock.systemUTC(), true);
			CounterKey views = new CounterKey("Post", "views", "1");
			store.add(Map.of(views, Long.MAX_VALUE));

			assertThatExceptionOfType(RefusedDeltasException.class).isThrownBy(() -> store.add(Map.of(views, 1L)))
				.withMessageContaining("overflow");
		}
		finally {
			connectionFactory.destroy();
		}
	}

	/**
	 * A write that fails on a later key takes back the deltas it added before; the least
	 * 64-bit integer has no negation, and taking it back must work all the same.
	 */
	@Test
	void aRefusedWriteTakesBackTheLeastLongItAdded() throws Exception {
		LettuceConnectionFactory connectionFactory = Loopback
			.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		try {
			int shards = 4;
			RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(connectionFactory),
					"refusal-" + UUID.randomUUID(), shards, Clock.systemUTC(), true);
			// the script adds shard by shard, in shard order: the first key is added, the second overflows
			CounterKey first = inShard(0, shards);
			CounterKey overflowing = inShard(1, shards);
			store.add(Map.of(overflowing, Long.MAX_VALUE));

			assertThatExceptionOfType(RefusedDeltasException.class)
				.isThrownBy(() -> store.add(Map.of(first, Long.MIN_VALUE, overflowing, 1L)))
				.withMessageContaining("overflow");
			assertThat(store.pending(first).buffered()).as("taken back").isZero();
			assertThat(store.pending(overflowing).buffered()).isEqualTo(Long.MAX_VALUE);
			store.add(Map.of(first, 5L));
			assertThat(store.pending(first).buffered()).isEqualTo(5);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private static CounterKey inShard(int shard, int shards) {
		for (int row = 0;; row++) {
			CounterKey key = new CounterKey("Post", "views", Integer.toString(row));
			if (DeltaStore.shardOf(key, shards) == shard) {
				return key;
			}
		}
	}

}
