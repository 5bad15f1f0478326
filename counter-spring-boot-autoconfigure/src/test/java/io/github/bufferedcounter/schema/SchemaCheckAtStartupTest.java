package io.github.bufferedcounter.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.actuate.health.BufferedCountersHealthIndicator;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The starter's tables are checked once every database initializer ran: startup fails when they
 * are missing or lack a column, and health says so when startup was told not to fail or the
 * check could not run.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaCheckAtStartupTest {

	static Stream<Arguments> databases() {
		return Stream.of(Arguments.of("h2", (Supplier<TestDatabase>) TestDatabases::h2),
				Arguments.of("postgresql", (Supplier<TestDatabase>) TestDatabases::postgres),
				Arguments.of("mariadb", (Supplier<TestDatabase>) TestDatabases::mariadb));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void missingTablesFailStartupNamingTheTableTheMigrationsAndTheProperty(String platform,
			Supplier<TestDatabase> database) {
		assertThatException().isThrownBy(() -> run(database.get()).close())
			.havingRootCause()
			.isInstanceOf(CounterSchemaException.class)
			.withMessageContaining("table buffered_counter_batch is missing")
			.withMessageContaining("table buffered_counter_rollup is missing")
			.withMessageContaining("classpath:io/github/bufferedcounter/jdbc/migration/{vendor}")
			.withMessageContaining("classpath:io/github/bufferedcounter/jdbc/migration/" + platform + " at every start")
			.withMessageContaining("buffered-counter.jdbc.initialize-schema=always");
	}

	@Test
	void startupFailureIsReportedAsADescriptionAndAnAction(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(TestDatabases.h2()).close());

		assertThat(output).contains("APPLICATION FAILED TO START", "Description:",
				"The buffered-counter tables are not usable: table buffered_counter_batch is missing", "Action:",
				"spring.flyway.locations");
	}

	@Test
	void aTableWithoutAColumnFailsStartupNamingTheColumn() throws SQLException {
		TestDatabase database = TestDatabases.h2();
		migrate(database, "h2");
		execute(database, "alter table buffered_counter_batch drop column rejected");

		assertThatException().isThrownBy(() -> run(database).close())
			.havingRootCause()
			.isInstanceOf(CounterSchemaException.class)
			.withMessageContaining("table buffered_counter_batch lacks column rejected")
			.withMessageNotContaining("buffered_counter_rollup");
	}

	@Test
	void withoutFailingStartupHealthIsDownUntilTheTablesExist(CapturedOutput output) {
		TestDatabase database = TestDatabases.h2();
		try (ConfigurableApplicationContext context = run(database,
				"buffered-counter.jdbc.fail-on-missing-schema=false")) {
			BufferedCountersHealthIndicator indicator = context.getBean(BufferedCountersHealthIndicator.class);
			assertThat(output).contains("table buffered_counter_batch is missing");
			Health missing = indicator.health();
			assertThat(missing.getStatus()).isEqualTo(Status.DOWN);
			assertThat(missing.getDetails().get("schema")).asString()
				.contains("table buffered_counter_batch is missing", "table buffered_counter_rollup is missing");

			migrate(database, "h2");

			Health migrated = indicator.health();
			assertThat(migrated.getStatus()).isEqualTo(Status.UP);
			assertThat(migrated.getDetails()).doesNotContainKey("schema");
		}
	}

	@Test
	void aDatabaseUnreachableAtStartupIsLeftToHealth(CapturedOutput output) {
		TestDatabase unreachable = new TestDatabase("jdbc:postgresql://127.0.0.1:1/none", "postgres", "");
		try (ConfigurableApplicationContext context = run(unreachable, "spring.datasource.hikari.connection-timeout=250",
				"spring.jpa.hibernate.ddl-auto=none", "spring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect",
				"spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false")) {
			Health health = context.getBean(BufferedCountersHealthIndicator.class).health();

			assertThat(output).contains("The buffered-counter tables could not be checked");
			assertThat(health.getDetails().get("schema")).asString()
				.startsWith("The buffered-counter tables could not be checked");
		}
	}

	@Test
	void unsupportedDatabaseFailsStartupWhenTheStarterWouldCreateTheTables() {
		assertThatException().isThrownBy(() -> run(hsqldb(), "buffered-counter.jdbc.initialize-schema=embedded").close())
			.havingRootCause()
			.isInstanceOf(CounterSchemaException.class)
			.withMessageContaining("buffered-counter.jdbc.initialize-schema is embedded")
			.withMessageContaining("ships migrations for postgresql, mysql, mariadb, h2, not for hsqldb")
			.withMessageContaining("buffered-counter.jdbc.initialize-schema=never");
	}

	@Test
	void unsupportedDatabaseWithTablesMadeByHandStartsAndCounts() throws SQLException {
		TestDatabase database = hsqldb();
		execute(database, "create table buffered_counter_batch (batch_id varchar(64) not null primary key, "
				+ "applied_at timestamp not null, rejected clob)");
		execute(database, "create table buffered_counter_rollup (holder_table varchar(128) not null, "
				+ "counter_column varchar(64) not null, holder_id varchar(191) not null, bucket_period varchar(5) not null, "
				+ "bucket_start timestamp not null, bucket_count bigint not null, "
				+ "primary key (holder_table, counter_column, holder_id, bucket_period, bucket_start))");
		execute(database, "create table buffered_counter_identity (id int not null primary key, "
				+ "database_id varchar(36) not null)");
		try (ConfigurableApplicationContext context = run(database)) {
			execute(database, "insert into page (id, title, views) values (1, 'home', 0)");
			BufferedCounters counters = context.getBean(BufferedCounters.class);
			counters.increment(Page.class, 1L, "views", 5);
			counters.flush();

			assertThat(views(database, 1L)).isEqualTo(5);
			assertThat(context.getBean(CounterTables.class).check().isValid()).isTrue();
		}
	}

	@Test
	void missingTablesOnAnUnsupportedDatabaseAreReportedWithoutAMigrationToRun() {
		assertThatException().isThrownBy(() -> run(hsqldb()).close())
			.havingRootCause()
			.isInstanceOf(CounterSchemaException.class)
			.withMessageContaining("buffered_counter_batch")
			.withMessageContaining("not for hsqldb")
			.withMessageNotContaining("initialize-schema=always");
	}

	private static TestDatabase hsqldb() {
		return new TestDatabase("jdbc:hsqldb:mem:bc" + UUID.randomUUID().toString().replace("-", ""), "sa", "");
	}

	/** Starts the application of one entity; the starter creates no table unless told to. */
	private static ConfigurableApplicationContext run(TestDatabase database, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=" + database.url(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "spring.jpa.hibernate.ddl-auto=create",
				"buffered-counter.store=memory", "buffered-counter.flush.interval=1h",
				"buffered-counter.jdbc.initialize-schema=never", "spring.datasource.hikari.connection-timeout=2000"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(PagesApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static void migrate(TestDatabase database, String platform) {
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
		DefaultResourceLoader resources = new DefaultResourceLoader();
		SchemaMigrations.scripts(platform).forEach((script) -> populator.addScript(resources.getResource(script)));
		populator.execute(database.dataSource());
	}

	private static long views(TestDatabase database, long id) throws SQLException {
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select views from page where id = " + id)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void execute(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
