package io.github.bufferedcounter.it;

import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MariaDbRedisTest extends AbstractRedisBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.mariadb().registerDataSource(registry);
		redis(registry, "maria");
	}

}
