package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.RefusedDeltasException;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

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

}
