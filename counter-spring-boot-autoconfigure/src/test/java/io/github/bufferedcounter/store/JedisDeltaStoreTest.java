package io.github.bufferedcounter.store;

import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedis;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The Redis contract on Jedis, the other client Spring Data Redis supports, on a single node
 * as the auto-configuration detects it: adds that write several shards in one call.
 */
class JedisDeltaStoreTest extends RedisDeltaStoreTest {

	/** Shared by the Jedis contract tests of this JVM. */
	private static final JedisConnectionFactory jedis = Loopback
		.jedisConnectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));

	@Override
	RedisConnectionFactory connectionFactory() {
		return jedis;
	}

	@Override
	boolean singleNode() {
		return true;
	}

}
