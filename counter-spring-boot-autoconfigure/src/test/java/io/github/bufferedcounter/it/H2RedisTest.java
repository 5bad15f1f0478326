package io.github.bufferedcounter.it;

import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2RedisTest extends AbstractRedisBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabases.h2();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		redis(registry, "h2");
	}

}
