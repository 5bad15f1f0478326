package io.github.bufferedcounter.autoconfigure;

import io.github.bufferedcounter.flush.FlushObserver;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.flush.observation.BatchObservationConvention;
import io.github.bufferedcounter.flush.observation.FlushObservationConvention;
import io.github.bufferedcounter.flush.observation.FlushObservations;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer Observations of flush passes and their batches, when Micrometer's observation API
 * is present: through the application's {@link ObservationRegistry} (which Spring Boot's
 * {@code spring-boot-micrometer-observation} module provides), with conventions the
 * application may replace by defining a {@link FlushObservationConvention} or
 * {@link BatchObservationConvention} bean. Without a registry the observations are no-ops.
 */
@AutoConfiguration(after = BufferedCounterAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(Flusher.class)
public final class BufferedCounterObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FlushObserver bufferedCounterFlushObserver(DeltaStore store, ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<FlushObservationConvention> flushConvention,
			ObjectProvider<BatchObservationConvention> batchConvention) {
		return new FlushObservations(registry.getIfAvailable(() -> ObservationRegistry.NOOP), kind(store),
				flushConvention.getIfAvailable(), batchConvention.getIfAvailable());
	}

	/** {@code redis} or {@code memory} for the library's stores, behind local aggregation too. */
	static String kind(DeltaStore store) {
		DeltaStore shared = (store instanceof AggregatingDeltaStore aggregating) ? aggregating.delegate() : store;
		return switch (shared.getClass().getName()) {
			case "io.github.bufferedcounter.store.redis.RedisDeltaStore" -> "redis";
			case "io.github.bufferedcounter.store.memory.MemoryDeltaStore" -> "memory";
			default -> shared.getClass().getSimpleName();
		};
	}

}
