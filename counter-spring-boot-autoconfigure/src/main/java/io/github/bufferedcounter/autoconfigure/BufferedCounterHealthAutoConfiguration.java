package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;

import io.github.bufferedcounter.actuate.health.BufferedCountersHealthIndicator;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.schema.CounterTables;
import io.github.bufferedcounter.store.DeltaStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code bufferedCounters} health indicator, when Spring Boot's health support is present
 * and {@code management.health.buffered-counters.enabled} is not {@code false}.
 */
@AutoConfiguration(after = BufferedCounterAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(Flusher.class)
@ConditionalOnEnabledHealthIndicator("buffered-counters")
public final class BufferedCounterHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "bufferedCountersHealthIndicator")
	BufferedCountersHealthIndicator bufferedCountersHealthIndicator(DeltaStore store, Flusher flusher,
			BufferedCounterProperties properties, ObjectProvider<Clock> clock, ObjectProvider<CounterTables> tables) {
		return new BufferedCountersHealthIndicator(store, flusher, properties.getHealth().getLagThreshold(),
				clock.getIfAvailable(Clock::systemUTC), tables.getIfAvailable(), properties.getRedis().getSpillLimit());
	}

}
