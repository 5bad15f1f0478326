package io.github.bufferedcounter.schema;

import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class FlywayH2Test extends AbstractFlywayMigrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
	}

}
