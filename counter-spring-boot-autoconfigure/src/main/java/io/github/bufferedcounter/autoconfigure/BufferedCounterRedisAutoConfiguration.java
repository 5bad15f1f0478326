package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;

import io.github.bufferedcounter.schema.DatabaseIdentity;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.store.redis.ReplicaAcknowledgement;
import io.github.bufferedcounter.unique.UniqueCounts;
import io.github.bufferedcounter.unique.redis.RedisUniqueCounts;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.util.ClassUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis delta store, when a {@link RedisConnectionFactory} exists, no {@link DeltaStore}
 * bean is defined, and {@code buffered-counter.store} is unset or {@code redis}; it closes just
 * before the connection factory stops ({@link DeltaStoreShutdown}). The store belongs to the
 * application's database ({@link DatabaseIdentity}) and refuses keys that another database owns.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, HibernateJpaAutoConfiguration.class },
		before = BufferedCounterAutoConfiguration.class)
@ConditionalOnClass({ RedisConnectionFactory.class, EntityManagerFactory.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnSingleCandidate(EntityManagerFactory.class)
@ConditionalOnBooleanProperty(name = "buffered-counter.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "buffered-counter.store", havingValue = "redis", matchIfMissing = true)
@ConditionalOnMissingBean(DeltaStore.class)
@EnableConfigurationProperties(BufferedCounterProperties.class)
public final class BufferedCounterRedisAutoConfiguration {

	/** The client library, not Spring's factory class, which is there whether the client is or not. */
	private static final String LETTUCE = "io.lettuce.core.RedisClient";

	private static final String JEDIS = "redis.clients.jedis.Jedis";

	private static final Log logger = LogFactory.getLog(BufferedCounterRedisAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	DeltaStore counterDeltaStore(RedisConnectionFactory connectionFactory, BufferedCounterProperties properties,
			ObjectProvider<Clock> clock, ObjectProvider<DatabaseIdentity> databaseIdentity) {
		RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(connectionFactory),
				properties.getRedis().getKeyPrefix(), properties.getRedis().getShards(),
				clock.getIfAvailable(Clock::systemUTC), singleNode(connectionFactory),
				properties.getRedis().getSpillLimit(), properties.getRedis().getWriterMarkTtl(),
				properties.getRedis().getWritesInFlight(), new ReplicaAcknowledgement(properties.getRedis().getReplicas(),
						properties.getRedis().getReplicaTimeout()));
		try {
			store.checkShardCount();
		}
		catch (DataAccessException ex) {
			logger.warn("Could not check buffered-counter.redis.shards against Redis, which is not reachable: " + ex);
		}
		databaseIdentity.ifUnique((identity) -> claimOwnership(store, identity));
		return LocalAggregation.around(store, properties);
	}

	/**
	 * Makes the store belong to the application's database, and fails startup if another
	 * database's deltas are under the key prefix. Where Redis or the database cannot be reached,
	 * the first flush checks instead.
	 */
	private static void claimOwnership(RedisDeltaStore store, DatabaseIdentity identity) {
		store.ownedBy(identity);
		try {
			store.claimOwnership();
		}
		catch (DataAccessException ex) {
			logger.warn("Could not check that the keys under buffered-counter.redis.key-prefix belong to this "
					+ "application's database; the flush checks before it writes: " + ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	UniqueCounts counterUniqueCounts(RedisConnectionFactory connectionFactory, BufferedCounterProperties properties,
			ObjectProvider<Clock> clock) {
		return new RedisUniqueCounts(new StringRedisTemplate(connectionFactory), properties.getRedis().getKeyPrefix(),
				properties.getRedis().getShards(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	DeltaStoreShutdown counterDeltaStoreShutdown(DeltaStore counterDeltaStore, RedisConnectionFactory connectionFactory) {
		return new DeltaStoreShutdown(counterDeltaStore, connectionFactory);
	}

	/**
	 * Whether all keys live on one node, so that one script may touch several shards: a
	 * Lettuce or Jedis factory that is not cluster-aware (standalone, or a primary found through
	 * Sentinel). Any other factory is treated as a possible cluster. Each client's factory is
	 * looked at only when that client is on the classpath, which it is when such a factory exists.
	 */
	static boolean singleNode(RedisConnectionFactory connectionFactory) {
		ClassLoader classLoader = BufferedCounterRedisAutoConfiguration.class.getClassLoader();
		if (ClassUtils.isPresent(LETTUCE, classLoader)
				&& connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return !lettuce.isClusterAware();
		}
		if (ClassUtils.isPresent(JEDIS, classLoader) && connectionFactory instanceof JedisConnectionFactory jedis) {
			return !jedis.isRedisClusterAware();
		}
		return false;
	}

}
