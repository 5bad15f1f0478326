package io.github.bufferedcounter.store.redis;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Settings of replicated acknowledgement that cannot work are refused when the store is made,
 * naming what to change.
 */
class ReplicaAcknowledgementTest {

	@Test
	void replicasNeedLettuceToRunWaitOnTheConnectionThatWrote() {
		StringRedisTemplate redis = new StringRedisTemplate(new OtherConnectionFactory());

		assertThatIllegalStateException()
			.isThrownBy(() -> new RedisDeltaStore(redis, "app", 4, Clock.systemUTC(), true, 100, Duration.ofDays(1), 1,
					new ReplicaAcknowledgement(1, Duration.ofSeconds(1))))
			.withMessageContaining("buffered-counter.redis.replicas is 1")
			.withMessageContaining("OtherConnectionFactory")
			.withMessageContaining("set buffered-counter.redis.replicas to 0");
	}

	@Test
	void aStoreThatWaitsForNoReplicaTakesAnyConnectionFactory() {
		new RedisDeltaStore(new StringRedisTemplate(new OtherConnectionFactory()), "app", 4, Clock.systemUTC(), true,
				100, Duration.ofDays(1), 1, ReplicaAcknowledgement.NONE);
	}

	@Test
	void aWaitWithoutEndIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReplicaAcknowledgement(1, Duration.ZERO))
			.withMessageContaining("must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> new ReplicaAcknowledgement(-1, Duration.ofSeconds(1)))
			.withMessageContaining("must not be negative");
	}

	/** A connection factory that is not Lettuce's, as Jedis's would be; never connected. */
	private static final class OtherConnectionFactory implements RedisConnectionFactory {

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return false;
		}

		@Override
		public RedisConnection getConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return null;
		}

	}

}
