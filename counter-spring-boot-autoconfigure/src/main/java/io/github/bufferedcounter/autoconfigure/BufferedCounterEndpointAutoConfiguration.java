package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;

import io.github.bufferedcounter.actuate.CountersEndpoint;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.unique.UniqueCounts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code counters} actuator endpoint, when Spring Boot Actuator is present and the endpoint
 * is available (exposed and enabled).
 */
@AutoConfiguration(after = BufferedCounterAutoConfiguration.class)
@ConditionalOnClass({ WebEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(Flusher.class)
@ConditionalOnAvailableEndpoint(CountersEndpoint.class)
public final class BufferedCounterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CountersEndpoint countersEndpoint(DeltaStore store, Flusher flusher, CounterRegistry registry,
			ObjectProvider<Clock> clock, ObjectProvider<UniqueCounts> uniqueCounts) {
		return new CountersEndpoint(store, flusher, registry, clock.getIfAvailable(Clock::systemUTC),
				uniqueCounts.getIfAvailable());
	}

}
