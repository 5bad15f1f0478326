package io.github.bufferedcounter.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's Flyway versions, 1.0.0.0.N, share the application's history table whatever
 * versions the application uses, as docs/migrations.md describes: added to an application
 * already past them, they need out-of-order, and Flyway says so.
 */
class FlywayVersionSchemeTest {

	private static final String STARTER = "classpath:io/github/bufferedcounter/jdbc/migration/h2";

	private static final String APPLICATION = "classpath:migrationtest/flyway";

	private static final String APPLICATION_AT_V37 = "classpath:migrationtest/flyway-v37";

	private final TestDatabase database = TestDatabases.h2();

	@Test
	void applicationAlreadyAtV37GetsTheStarterTablesOutOfOrder() {
		flyway(APPLICATION, APPLICATION_AT_V37).load().migrate();

		flyway(APPLICATION, APPLICATION_AT_V37, STARTER).outOfOrder(true).load().migrate();

		assertThat(appliedVersions()).containsExactly("1", "2", "37", "1.0.0.0.1", "1.0.0.0.2");
		assertThat(new CounterTables(this.database.dataSource()).check().isValid()).isTrue();
	}

	@Test
	void applicationAlreadyAtV37IsToldToAllowOutOfOrder() {
		flyway(APPLICATION, APPLICATION_AT_V37).load().migrate();

		assertThatExceptionOfType(FlywayValidateException.class)
			.isThrownBy(() -> flyway(APPLICATION, APPLICATION_AT_V37, STARTER).load().migrate())
			.withMessageContaining("1.0.0.0.1")
			.withMessageContaining("outOfOrder");
	}

	@Test
	void applicationWithTimestampVersionsGetsTheStarterTablesOutOfOrder() {
		flyway("classpath:migrationtest/flyway-timestamps").load().migrate();

		flyway("classpath:migrationtest/flyway-timestamps", STARTER).outOfOrder(true).load().migrate();

		assertThat(appliedVersions()).containsExactly("20240517093000", "1.0.0.0.1", "1.0.0.0.2");
	}

	@Test
	void newApplicationRunsTheStarterMigrationBetweenItsFirstAndSecond() {
		flyway(APPLICATION, STARTER).outOfOrder(true).load().migrate();

		assertThat(appliedVersions()).containsExactly("1", "1.0.0.0.1", "1.0.0.0.2", "2");
	}

	@Test
	void applicationBaselinedAtTheDefaultVersionStillGetsTheStarterTables() throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create table page (id bigint primary key, title varchar(255), views bigint not null)");
		}

		flyway(APPLICATION, STARTER).baselineOnMigrate(true).outOfOrder(true).load().migrate();

		assertThat(appliedVersions()).containsExactly("1", "1.0.0.0.1", "1.0.0.0.2", "2");
		assertThat(new CounterTables(this.database.dataSource()).check().isValid()).isTrue();
	}

	private FluentConfiguration flyway(String... locations) {
		return Flyway.configure()
			.dataSource(this.database.url(), this.database.username(), this.database.password())
			.locations(locations);
	}

	/** Versions in the order they were applied, the baseline included. */
	private String[] appliedVersions() {
		return Arrays.stream(flyway(APPLICATION).load().info().applied())
			.map((applied) -> applied.getVersion().getVersion())
			.toArray(String[]::new);
	}

}
