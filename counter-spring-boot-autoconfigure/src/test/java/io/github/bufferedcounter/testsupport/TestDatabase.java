package io.github.bufferedcounter.testsupport;

import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Connection details of one test database, as handed out by {@link TestDatabases}.
 *
 * @param url JDBC URL of the database, for example {@code jdbc:postgresql://127.0.0.1:5432/bctest_1a2b3c4d_1}
 * @param username user to connect as
 * @param password password of that user, empty if none is needed
 */
public record TestDatabase(String url, String username, String password) {

	private static final String JDBC_PREFIX = "jdbc:";

	/**
	 * Checks that no component is {@code null} and that {@code url} is a JDBC URL.
	 */
	public TestDatabase {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(password, "password");
		if (!url.startsWith(JDBC_PREFIX) || url.indexOf(':', JDBC_PREFIX.length()) < 0) {
			throw new IllegalArgumentException("Not a JDBC URL: " + url);
		}
	}

	/**
	 * The kind of database, read from the JDBC URL.
	 * @return {@code postgresql}, {@code mariadb} or {@code h2}
	 */
	public String name() {
		return url.substring(JDBC_PREFIX.length(), url.indexOf(':', JDBC_PREFIX.length()));
	}

	/**
	 * Creates a non-pooling {@link DataSource} for this database. Every {@code getConnection()} opens a new
	 * physical connection that is really closed when the caller closes it, so the data source itself never needs
	 * to be shut down. Wrap it in a pool if a test needs one.
	 * @return a new data source
	 */
	public DataSource dataSource() {
		return new DriverManagerDataSource(url, username, password);
	}

	/**
	 * Points Spring Boot's data source at this database.
	 * @param registry the dynamic properties of a test
	 */
	public void registerDataSource(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::url);
		registry.add("spring.datasource.username", this::username);
		registry.add("spring.datasource.password", this::password);
	}

}
