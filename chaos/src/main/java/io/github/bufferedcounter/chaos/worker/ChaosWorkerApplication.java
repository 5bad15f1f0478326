package io.github.bufferedcounter.chaos.worker;

import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.rollup.RollupBuckets;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The application each worker JVM boots: JPA on PostgreSQL, Redis and the buffered counter
 * starter, no web server. Everything else comes from the command line the driver passes, but
 * the rollup clock: the hour each operation picked ({@link OperationClock}).
 */
@SpringBootApplication
public class ChaosWorkerApplication {

	@Bean
	RollupBuckets counterRollupBuckets(CounterRegistry registry) {
		return new RollupBuckets(registry, new OperationClock(), RollupHours.ZONE);
	}

}
