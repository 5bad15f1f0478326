package io.github.bufferedcounter.schema;

import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Liquibase runs the starter's changelog, included from the application's own. */
@TestPropertySource(properties = { "spring.liquibase.enabled=true",
		"spring.liquibase.change-log=classpath:migrationtest/liquibase/changelog.xml" })
abstract class AbstractLiquibaseMigrationTest extends AbstractMigratedSchemaTest {

	@Autowired
	ConfigurableListableBeanFactory beanFactory;

	@Test
	void tablesAreCheckedOnceLiquibaseMigrated() {
		assertThat(this.beanFactory.getBeanDefinition("counterTables").getDependsOn())
			.contains(this.beanFactory.getBeanNamesForType(SpringLiquibase.class));
	}

	@Test
	void starterChangesetIsInTheApplicationsChangelogTable() {
		assertThat(this.jdbc.queryForList("select id from DATABASECHANGELOG where author = 'buffered-counter'",
				String.class))
			.containsExactly("1.0.0.0.1", "1.0.0.0.2");
	}

}
