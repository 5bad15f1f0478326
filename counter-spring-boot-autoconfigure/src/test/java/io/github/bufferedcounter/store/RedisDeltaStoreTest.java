package io.github.bufferedcounter.store;

import java.time.Clock;
import java.util.UUID;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedisDeltaStoreTest extends AbstractDeltaStoreContractTest {

	/** Shared by the Redis contract tests of this JVM; Lettuce closes it at exit. */
	private static final LettuceConnectionFactory connectionFactory = connect();

	private static final StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);

	private String prefix;

	private static LettuceConnectionFactory connect() {
		return Loopback.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
	}

	@Override
	DeltaStore createStore() {
		this.prefix = "contract-" + UUID.randomUUID();
		return new RedisDeltaStore(redis, this.prefix, 4, Clock.systemUTC(), singleNode());
	}

	/** Whether the store may write several shards in one call, as on a single Redis node. */
	boolean singleNode() {
		return false;
	}

	@Test
	void everyKeyOfAShardSharesOneHashTag() {
		this.store.add(java.util.Map.of(VIEWS, 1L));
		claimOne(VIEWS);

		assertThat(redis.keys(this.prefix + ":*")).isNotEmpty()
			.allSatisfy((key) -> assertThat(key).matches(java.util.regex.Pattern.quote(this.prefix) + ":\\{"
					+ java.util.regex.Pattern.quote(this.prefix) + ":\\d+\\}:[a-z0-9-]+"));
	}

	@Test
	void fewerShardsThanTheDataWasWrittenWithAreRefused() {
		((RedisDeltaStore) this.store).checkShardCount();
		new RedisDeltaStore(redis, this.prefix, 8, Clock.systemUTC()).checkShardCount();

		org.assertj.core.api.Assertions
			.assertThatIllegalStateException()
			.isThrownBy(() -> new RedisDeltaStore(redis, this.prefix, 4, Clock.systemUTC()).checkShardCount())
			.withMessageContaining("buffered-counter.redis.shards is 4 but Redis holds data written with 8 shards");
	}

	@Test
	void valuesAreStoredAsPlainStrings() {
		this.store.add(java.util.Map.of(VIEWS, 12L));

		String pending = redis.keys(this.prefix + ":*:pending").iterator().next();
		assertThat(redis.opsForHash().get(pending, "Post:views:1")).isEqualTo("12");
	}

}
