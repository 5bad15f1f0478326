package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;

import io.github.bufferedcounter.autoconfigure.BufferedCounterProperties.StoreType;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The delta store: Redis when a {@link RedisConnectionFactory} exists and
 * {@code buffered-counter.store} is unset or {@code redis}, memory otherwise.
 */
final class DeltaStoreConfigurations {

	private DeltaStoreConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnProperty(name = "buffered-counter.store", havingValue = "redis", matchIfMissing = true)
	static class Redis {

		@Bean
		@ConditionalOnMissingBean
		DeltaStore counterDeltaStore(RedisConnectionFactory connectionFactory, BufferedCounterProperties properties,
				ObjectProvider<Clock> clock) {
			return new RedisDeltaStore(new StringRedisTemplate(connectionFactory),
					properties.getRedis().getKeyPrefix(), properties.getRedis().getShards(),
					clock.getIfAvailable(Clock::systemUTC));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Memory {

		@Bean
		@ConditionalOnMissingBean
		DeltaStore counterDeltaStore(BufferedCounterProperties properties, ObjectProvider<Clock> clock) {
			if (properties.getStore() == StoreType.REDIS) {
				throw new IllegalStateException("buffered-counter.store is redis, but there is no "
						+ "RedisConnectionFactory bean; add spring-boot-starter-data-redis and configure "
						+ "spring.data.redis.*, or set buffered-counter.store=memory");
			}
			return new MemoryDeltaStore(clock.getIfAvailable(Clock::systemUTC));
		}

	}

}
