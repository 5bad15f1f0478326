package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.actuate.metrics.BufferedCountersMetrics;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.increment.DefaultBufferedCounters;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.UncertainCommits;
import io.github.bufferedcounter.unique.UniqueCounts;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for buffered counters, when Micrometer is present; Spring Boot binds them
 * to every meter registry.
 */
@AutoConfiguration(after = BufferedCounterAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(Flusher.class)
public final class BufferedCounterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BufferedCountersMetrics bufferedCountersMetrics(ObjectProvider<BufferedCounters> counters, DeltaStore store,
			Flusher flusher, ObjectProvider<Clock> clock, ObjectProvider<UncertainCommits> uncertainCommits,
			ObjectProvider<UniqueCounts> uniqueCounts) {
		DefaultBufferedCounters defaults = (counters.getIfAvailable() instanceof DefaultBufferedCounters found) ? found
				: null;
		return new BufferedCountersMetrics(defaults, store, flusher, clock.getIfAvailable(Clock::systemUTC),
				uncertainCommits.getIfAvailable(), uniqueCounts.getIfAvailable());
	}

}
