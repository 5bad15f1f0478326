package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;
import java.time.ZoneId;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.autoconfigure.BufferedCounterProperties.StoreType;
import io.github.bufferedcounter.flush.FlushObserver;
import io.github.bufferedcounter.flush.FlushSettings;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.flush.UniqueCountFlush;
import io.github.bufferedcounter.increment.DefaultBufferedCounters;
import io.github.bufferedcounter.cache.CounterCacheIntegrator;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.rollup.RollupBuckets;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.UncertainCommits;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.unique.UniqueCounts;
import io.github.bufferedcounter.unique.memory.MemoryUniqueCounts;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for buffered counters: the {@link BufferedCounters} bean, the flusher (run
 * on a schedule by {@link BufferedCounterFlushSchedulerAutoConfiguration}), and the memory delta store unless
 * {@link BufferedCounterRedisAutoConfiguration} provided the Redis one. Backs off without a single Hibernate
 * {@link EntityManagerFactory}, and when {@code buffered-counter.enabled} is {@code false}.
 */
@AutoConfiguration(after = { HibernateJpaAutoConfiguration.class, DataRedisAutoConfiguration.class },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, SessionFactory.class })
@ConditionalOnSingleCandidate(EntityManagerFactory.class)
@ConditionalOnBooleanProperty(name = "buffered-counter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BufferedCounterProperties.class)
@Import(AppliedBatchSchemaConfiguration.class)
public final class BufferedCounterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeltaStore counterDeltaStore(BufferedCounterProperties properties, ObjectProvider<Clock> clock) {
		if (properties.getStore() == StoreType.REDIS) {
			throw new IllegalStateException("buffered-counter.store is redis, but there is no "
					+ "RedisConnectionFactory bean; add spring-boot-starter-data-redis and configure "
					+ "spring.data.redis.*, or set buffered-counter.store=memory");
		}
		return LocalAggregation.around(new MemoryDeltaStore(clock.getIfAvailable(Clock::systemUTC)), properties);
	}

	@Bean
	@ConditionalOnMissingBean
	CounterRegistry counterRegistry(EntityManagerFactory entityManagerFactory) {
		CounterRegistry registry = CounterRegistry.of(entityManagerFactory);
		CounterCacheIntegrator.requireListeners(entityManagerFactory, registry.caches());
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	Flusher counterFlusher(DeltaStore store, EntityManagerFactory entityManagerFactory, CounterRegistry registry,
			BufferedCounterProperties properties, ObjectProvider<Clock> clock, ApplicationEventPublisher publisher,
			ObjectProvider<UniqueCounts> uniqueCounts, ObjectProvider<FlushObserver> observer) {
		BufferedCounterProperties.Flush flush = properties.getFlush();
		FlushSettings settings = new FlushSettings(flush.getBatchSize(), flush.getLease(), flush.getMaxAttempts(),
				flush.getInitialBackoff(), flush.getMaxBackoff(), flush.getMaxBatchesPerShard(),
				properties.getJdbc().getRetention(), flush.isPublishEvents(), flush.getThreads());
		Flusher flusher = new Flusher(store, entityManagerFactory, registry, settings,
				clock.getIfAvailable(Clock::systemUTC), publisher);
		observer.ifAvailable(flusher::observeWith);
		UniqueCounts counts = uniqueCounts.getIfAvailable();
		if (counts != null && registry.hasUniqueCounters()) {
			flusher.writeUniqueCounts(
					new UniqueCountFlush(counts, registry, entityManagerFactory, flush.getBatchSize(), flush.getLease()));
		}
		return flusher;
	}

	@Bean
	@ConditionalOnMissingBean
	BufferedCounters bufferedCounters(CounterRegistry registry, DeltaStore store, Flusher flusher,
			EntityManagerFactory entityManagerFactory, UncertainCommits uncertainCommits,
			ObjectProvider<UniqueCounts> uniqueCounts, RollupBuckets rollupBuckets) {
		return new DefaultBufferedCounters(registry, store, flusher, entityManagerFactory, uncertainCommits,
				uniqueCounts.getIfAvailable(), rollupBuckets);
	}

	@Bean
	@ConditionalOnMissingBean
	RollupBuckets counterRollupBuckets(CounterRegistry registry, BufferedCounterProperties properties,
			ObjectProvider<Clock> clock) {
		ZoneId zone = properties.getRollup().getTimeZone();
		return new RollupBuckets(registry, clock.getIfAvailable(Clock::systemUTC),
				(zone != null) ? zone : ZoneId.systemDefault());
	}

	@Bean
	@ConditionalOnMissingBean
	UncertainCommits counterUncertainCommits() {
		return new UncertainCommits();
	}

	/** In-process sketches for unique counters, unless the Redis ones were configured. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.datasketches.hll.HllSketch")
	static final class MemoryUniqueCountsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UniqueCounts counterUniqueCounts(ObjectProvider<Clock> clock) {
			return new MemoryUniqueCounts(clock.getIfAvailable(Clock::systemUTC));
		}

	}

}
