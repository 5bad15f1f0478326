package io.github.bufferedcounter.schema;

import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway runs the application's migrations and the starter's from one history table, as
 * docs/migrations.md tells: the starter's location added, out-of-order allowed.
 */
@TestPropertySource(properties = { "spring.flyway.enabled=true",
		"spring.flyway.locations=classpath:migrationtest/flyway,classpath:io/github/bufferedcounter/jdbc/migration/{vendor}",
		"spring.flyway.out-of-order=true" })
abstract class AbstractFlywayMigrationTest extends AbstractMigratedSchemaTest {

	@Autowired
	Flyway flyway;

	@Autowired
	ConfigurableListableBeanFactory beanFactory;

	@Test
	void tablesAreCheckedOnceFlywayMigrated() {
		assertThat(this.beanFactory.getBeanDefinition("counterTables").getDependsOn())
			.contains(this.beanFactory.getBeanNamesForType(FlywayMigrationInitializer.class));
	}

	@Test
	void starterMigrationIsInTheApplicationsHistoryBetweenItsOwn() {
		assertThat(Arrays.stream(this.flyway.info().applied()).map((applied) -> applied.getVersion().getVersion()))
			.containsExactly("1", "1.0.0.0.1", "1.0.0.0.2", "2");
	}

}
