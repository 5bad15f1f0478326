package io.github.bufferedcounter.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the applied-batch table from the script for the database platform, following
 * {@code buffered-counter.jdbc.initialize-schema}. Spring Boot orders the entity manager
 * factory after this initializer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSourceScriptDatabaseInitializer.class)
@ConditionalOnSingleCandidate(DataSource.class)
class AppliedBatchSchemaConfiguration {

	static final String SCHEMA_LOCATION = "optional:classpath:io/github/bufferedcounter/jdbc/schema-@@platform@@.sql";

	@Bean
	@ConditionalOnMissingBean
	AppliedBatchSchemaInitializer appliedBatchSchemaInitializer(DataSource dataSource,
			BufferedCounterProperties properties) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(schemaLocations(dataSource));
		settings.setMode(properties.getJdbc().getInitializeSchema());
		return new AppliedBatchSchemaInitializer(dataSource, settings);
	}

	static List<String> schemaLocations(DataSource dataSource) {
		return new PlatformPlaceholderDatabaseDriverResolver().withDriverPlatform(DatabaseDriver.MARIADB, "mysql")
			.resolveAll(dataSource, SCHEMA_LOCATION);
	}

	/**
	 * Initializes the applied-batch table.
	 */
	static class AppliedBatchSchemaInitializer extends DataSourceScriptDatabaseInitializer {

		AppliedBatchSchemaInitializer(DataSource dataSource, DatabaseInitializationSettings settings) {
			super(dataSource, settings);
		}

	}

}
