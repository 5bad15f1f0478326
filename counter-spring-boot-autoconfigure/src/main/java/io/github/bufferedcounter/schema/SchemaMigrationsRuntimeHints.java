package io.github.bufferedcounter.schema;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Includes the starter's migrations and Liquibase changelog in a native image, with the folders
 * that {@link SchemaMigrations} lists: {@code initialize-schema} finds them through a
 * {@code classpath*:} pattern, Flyway through {@link SchemaMigrations#FLYWAY_LOCATION} and
 * Liquibase through {@link SchemaMigrations#LIQUIBASE_CHANGELOG}. Without them a native
 * application would find no migration and create no tables.
 */
class SchemaMigrationsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources()
			.registerPattern("io/github/bufferedcounter/jdbc/changelog.xml")
			.registerPattern("io/github/bufferedcounter/jdbc/migration/*")
			.registerPattern("io/github/bufferedcounter/jdbc/migration/*/*.sql");
	}

}
