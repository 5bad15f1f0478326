package io.github.bufferedcounter.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Where the migrations of the starter's tables are: Flyway versioned migrations, one folder per
 * database under {@value #FLYWAY_LOCATION}, and a Liquibase changelog, {@value #LIQUIBASE_CHANGELOG},
 * whose changesets run the same files. {@code buffered-counter.jdbc.initialize-schema} runs them
 * too, so the three ways create the same tables.
 */
public final class SchemaMigrations {

	/** The Flyway location to add to {@code spring.flyway.locations}; Spring Boot fills in {@code {vendor}}. */
	public static final String FLYWAY_LOCATION = "classpath:io/github/bufferedcounter/jdbc/migration/{vendor}";

	/** The Liquibase changelog to include from the application's own. */
	public static final String LIQUIBASE_CHANGELOG = "classpath:io/github/bufferedcounter/jdbc/changelog.xml";

	/** The databases migrations are shipped for, named as Spring Boot names them for {@code {vendor}}. */
	public static final List<String> PLATFORMS = List.of("postgresql", "mysql", "mariadb", "h2");

	private static final String FOLDER = "io/github/bufferedcounter/jdbc/migration/";

	private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

	private SchemaMigrations() {
	}

	/**
	 * Returns the Flyway location of a database's migrations.
	 * @param platform the database, one of {@link #PLATFORMS}
	 * @return its folder, for example {@code classpath:io/github/bufferedcounter/jdbc/migration/h2}
	 */
	public static String location(String platform) {
		return FLYWAY_LOCATION.replace("{vendor}", platform);
	}

	/**
	 * Returns a database's migrations in version order, as classpath locations.
	 * @param platform the database, as {@link #platform(Connection)} names it
	 * @return the migrations, empty for a database none are shipped for
	 */
	public static List<String> scripts(String platform) {
		if (!PLATFORMS.contains(platform)) {
			return List.of();
		}
		TreeMap<List<BigInteger>, String> byVersion = new TreeMap<>(SchemaMigrations::compare);
		for (Resource resource : resources(platform)) {
			Matcher name = VERSIONED.matcher(String.valueOf(resource.getFilename()));
			if (name.matches()) {
				byVersion.put(version(name.group(1)), location(platform) + "/" + name.group());
			}
		}
		return new ArrayList<>(byVersion.values());
	}

	/**
	 * Names the database a connection is to the way Spring Boot's Flyway support fills in
	 * {@code {vendor}}: from the JDBC URL.
	 * @param connection an open connection
	 * @return for example {@code postgresql} or {@code mariadb}; the product name in lower case
	 * for a database Spring Boot does not know
	 * @throws SQLException if the metadata cannot be read
	 */
	public static String platform(Connection connection) throws SQLException {
		DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(connection.getMetaData().getURL());
		return (driver != DatabaseDriver.UNKNOWN) ? driver.getId()
				: connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
	}

	private static Resource[] resources(String platform) {
		try {
			return new PathMatchingResourcePatternResolver(SchemaMigrations.class.getClassLoader())
				.getResources("classpath*:" + FOLDER + platform + "/V*__*.sql");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list the migrations for " + platform, ex);
		}
	}

	private static List<BigInteger> version(String version) {
		List<BigInteger> parts = new ArrayList<>();
		for (String part : version.split("[._]")) {
			parts.add(new BigInteger(part));
		}
		return parts;
	}

	/** Compares versions part by part, a missing part counting as 0, as Flyway does. */
	private static int compare(List<BigInteger> left, List<BigInteger> right) {
		for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
			int compared = part(left, i).compareTo(part(right, i));
			if (compared != 0) {
				return compared;
			}
		}
		return 0;
	}

	private static BigInteger part(List<BigInteger> version, int index) {
		return (index < version.size()) ? version.get(index) : BigInteger.ZERO;
	}

}
