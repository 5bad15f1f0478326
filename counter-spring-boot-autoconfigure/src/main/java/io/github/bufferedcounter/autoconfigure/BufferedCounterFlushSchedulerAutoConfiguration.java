package io.github.bufferedcounter.autoconfigure;

import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.flush.Flusher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Flushes on the starter's own schedule ({@code buffered-counter.flush.interval}). Apart from
 * {@link BufferedCounterAutoConfiguration} so that test slices, which import the counters but
 * not this, flush only when the test calls {@code BufferedCounters.flush()}.
 */
@AutoConfiguration(after = BufferedCounterAutoConfiguration.class)
@ConditionalOnBean(Flusher.class)
public final class BufferedCounterFlushSchedulerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FlushScheduler counterFlushScheduler(Flusher flusher, BufferedCounterProperties properties) {
		return new FlushScheduler(flusher, properties.getFlush().getInterval(),
				properties.getFlush().getShutdownTimeout());
	}

}
