package io.github.bufferedcounter.it;

import java.time.ZoneId;

import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.rollup.RollupBuckets;
import io.github.bufferedcounter.testsupport.MovableClock;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;

@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = CounterTestApplication.class)
public class CounterTestApplication {

	/** Picks the rollup buckets of every context, set by the tests; other timing runs on real time. */
	static final MovableClock ROLLUP_CLOCK = new MovableClock();

	/** Buckets start in Berlin time, so a test sees local boundaries, not UTC ones. */
	static final ZoneId ROLLUP_ZONE = ZoneId.of("Europe/Berlin");

	@Bean
	RollupBuckets counterRollupBuckets(CounterRegistry registry) {
		return new RollupBuckets(registry, ROLLUP_CLOCK, ROLLUP_ZONE);
	}

	@Bean
	CounterChanges counterChanges() {
		return new CounterChanges();
	}

}
