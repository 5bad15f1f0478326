package io.github.bufferedcounter.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.github.bufferedcounter.testsupport.TestDatabase;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The migrations in the jar stay one set: every database has the same versions, MariaDB's are
 * MySQL's (Spring Boot names them apart for {@code {vendor}}), and the Liquibase changelog runs
 * each of them and refuses other databases.
 */
class ShippedMigrationsTest {

	@Test
	void everyDatabaseHasTheSameMigrationVersions() {
		List<String> postgres = names("postgresql");
		assertThat(postgres).isNotEmpty();
		for (String platform : SchemaMigrations.PLATFORMS) {
			assertThat(names(platform)).as(platform).isEqualTo(postgres);
		}
	}

	@Test
	void mariaDbMigrationsAreTheMySqlOnes() throws IOException {
		for (String name : names("mysql")) {
			assertThat(read("mariadb/" + name)).as(name).isEqualTo(read("mysql/" + name));
		}
	}

	@Test
	void liquibaseChangelogRunsEveryMigrationOfEveryDatabaseAsAChangesetOfItsVersion() throws IOException {
		String changelog = new ClassPathResource("io/github/bufferedcounter/jdbc/changelog.xml")
			.getContentAsString(StandardCharsets.UTF_8);
		for (String platform : SchemaMigrations.PLATFORMS) {
			for (String script : SchemaMigrations.scripts(platform)) {
				String path = script.substring("classpath:".length());
				assertThat(changelog).contains("<sqlFile dbms=\"" + platform + "\" path=\"" + path + "\"");
				String version = path.substring(path.lastIndexOf("/V") + 2, path.indexOf("__"));
				assertThat(changelog).contains("<changeSet id=\"" + version + "\"");
			}
		}
	}

	@Test
	void liquibaseChangelogStopsOnADatabaseWithoutMigrations() {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(new TestDatabase("jdbc:hsqldb:mem:bc" + UUID.randomUUID().toString().replace("-", ""),
				"sa", "").dataSource());
		liquibase.setChangeLog(SchemaMigrations.LIQUIBASE_CHANGELOG);
		liquibase.setResourceLoader(new DefaultResourceLoader());

		assertThatException().isThrownBy(liquibase::afterPropertiesSet)
			.withStackTraceContaining("ships tables for postgresql, mysql, mariadb and h2 only");
	}

	@Test
	void migrationsAreListedInFlywayVersionOrderAndNoneForOtherDatabases() {
		assertThat(SchemaMigrations.scripts("h2")).first()
			.isEqualTo("classpath:io/github/bufferedcounter/jdbc/migration/h2/V1.0.0.0.1__buffered_counter_tables.sql");
		assertThat(SchemaMigrations.scripts("oracle")).isEmpty();
	}

	private static List<String> names(String platform) {
		return SchemaMigrations.scripts(platform)
			.stream()
			.map((script) -> script.substring(script.lastIndexOf('/') + 1))
			.toList();
	}

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource("io/github/bufferedcounter/jdbc/migration/" + path)
			.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
