package io.github.bufferedcounter.schema;

import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class FlywayMariaDbTest extends AbstractFlywayMigrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.mariadb().registerDataSource(registry);
	}

}
