package io.github.bufferedcounter.it;

import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared semantics with in-process aggregation in front of Redis.
 */
class H2RedisLocalAggregationTest extends AbstractBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
		AbstractRedisBufferedCountersTest.redis(registry, "aggregate");
		registry.add("buffered-counter.local-aggregation.window", () -> "20ms");
	}

	@Test
	void aggregatingStoreIsUsed() {
		assertThat(this.store).isInstanceOf(AggregatingDeltaStore.class);
	}

}
