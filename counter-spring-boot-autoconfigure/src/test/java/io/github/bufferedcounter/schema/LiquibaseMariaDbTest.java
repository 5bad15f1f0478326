package io.github.bufferedcounter.schema;

import io.github.bufferedcounter.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class LiquibaseMariaDbTest extends AbstractLiquibaseMigrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.mariadb().registerDataSource(registry);
	}

}
