package io.github.bufferedcounter.it;

import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2RedisTest extends AbstractRedisBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
		redis(registry, "h2");
	}

}
