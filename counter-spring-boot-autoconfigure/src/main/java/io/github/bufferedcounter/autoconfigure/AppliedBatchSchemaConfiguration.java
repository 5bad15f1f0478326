package io.github.bufferedcounter.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.github.bufferedcounter.schema.CounterSchemaException;
import io.github.bufferedcounter.schema.CounterTables;
import io.github.bufferedcounter.schema.DatabaseIdentity;
import io.github.bufferedcounter.schema.SchemaMigrations;
import io.github.bufferedcounter.schema.SchemaStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Creates the starter's tables with the migrations for the database platform, following
 * {@code buffered-counter.jdbc.initialize-schema}, and checks at startup that they exist, after
 * every database initializer (Flyway, Liquibase, this one) ran. Spring Boot orders the entity
 * manager factory after the initializer. The database's identity, which the Redis store records
 * as the owner of its keys, is read after the initializers too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DataSourceScriptDatabaseInitializer.class)
@ConditionalOnSingleCandidate(DataSource.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
class AppliedBatchSchemaConfiguration {

	private static final Log logger = LogFactory.getLog(AppliedBatchSchemaConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	AppliedBatchSchemaInitializer appliedBatchSchemaInitializer(DataSource dataSource,
			BufferedCounterProperties properties) {
		DatabaseInitializationMode mode = properties.getJdbc().getInitializeSchema();
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(runs(mode, dataSource) ? schemaLocations(dataSource, mode) : List.of());
		settings.setMode(mode);
		return new AppliedBatchSchemaInitializer(dataSource, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	CounterTables counterTables(DataSource dataSource, BufferedCounterProperties properties) {
		CounterTables tables = new CounterTables(dataSource);
		SchemaStatus status = tables.check();
		if (status.outcome() == SchemaStatus.Outcome.UNCHECKED) {
			logger.warn(status.description() + " (the bufferedCounters health indicator checks again)");
		}
		else if (!status.isValid()) {
			if (properties.getJdbc().isFailOnMissingSchema()) {
				throw CounterSchemaException.of(status);
			}
			logger.error(status.description() + "\n" + status.action());
		}
		return tables;
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	DatabaseIdentity counterDatabaseIdentity(DataSource dataSource) {
		return new DatabaseIdentity(dataSource);
	}

	/** Whether the initializer would run its scripts, as it decides itself. */
	private static boolean runs(DatabaseInitializationMode mode, DataSource dataSource) {
		if (mode == DatabaseInitializationMode.NEVER) {
			return false;
		}
		try {
			return mode == DatabaseInitializationMode.ALWAYS || EmbeddedDatabaseConnection.isEmbedded(dataSource);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** The platform's migrations in version order; a platform without any fails startup. */
	static List<String> schemaLocations(DataSource dataSource, DatabaseInitializationMode mode) {
		String platform;
		try (Connection connection = dataSource.getConnection()) {
			platform = SchemaMigrations.platform(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not name the database to create the buffered-counter tables in", ex);
		}
		List<String> scripts = SchemaMigrations.scripts(platform);
		if (scripts.isEmpty()) {
			throw CounterSchemaException.unsupportedPlatform(platform, mode.name().toLowerCase(Locale.ROOT));
		}
		return scripts;
	}

	/**
	 * Initializes the starter's tables.
	 */
	static class AppliedBatchSchemaInitializer extends DataSourceScriptDatabaseInitializer {

		AppliedBatchSchemaInitializer(DataSource dataSource, DatabaseInitializationSettings settings) {
			super(dataSource, settings);
		}

	}

}
