package io.github.bufferedcounter.schema;

import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class LiquibaseH2Test extends AbstractLiquibaseMigrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
	}

}
