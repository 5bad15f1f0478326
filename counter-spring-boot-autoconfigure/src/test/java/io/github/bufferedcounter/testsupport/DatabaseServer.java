package io.github.bufferedcounter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A running database server on which {@link TestDatabases} creates fresh databases.
 *
 * @param admin an existing database on the server, used to run {@code CREATE DATABASE}
 * @param createDatabaseSql format string of the {@code CREATE DATABASE} statement, {@code %s} being the name
 */
record DatabaseServer(TestDatabase admin, String createDatabaseSql) {

	static final String POSTGRES_CREATE_DATABASE = "CREATE DATABASE %s";

	static final String MARIADB_CREATE_DATABASE = "CREATE DATABASE %s CHARACTER SET utf8mb4";

	/**
	 * Creates a database on this server.
	 * @param name name of the new database, a plain lower-case identifier
	 * @return the new database, reachable with the admin credentials
	 */
	TestDatabase createDatabase(String name) {
		try (Connection connection = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
				Statement statement = connection.createStatement()) {
			statement.execute(createDatabaseSql.formatted(name));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name + " via " + admin.url(), ex);
		}
		return new TestDatabase(withDatabase(admin.url(), name), admin.username(), admin.password());
	}

	/**
	 * Replaces (or adds) the database of a {@code jdbc:<driver>://host[:port][/database][?options]} URL.
	 * @param jdbcUrl the URL to change
	 * @param database the database the result points to
	 * @return the changed URL, options kept
	 */
	static String withDatabase(String jdbcUrl, String database) {
		int authority = jdbcUrl.indexOf("//");
		if (authority < 0) {
			throw new IllegalArgumentException(
					"Expected jdbc:<driver>://host[:port][/database][?options] but got " + jdbcUrl);
		}
		int options = indexOrLength(jdbcUrl, '?', authority + 2);
		int path = Math.min(indexOrLength(jdbcUrl, '/', authority + 2), options);
		return jdbcUrl.substring(0, path) + "/" + database + jdbcUrl.substring(options);
	}

	private static int indexOrLength(String text, char character, int from) {
		int index = text.indexOf(character, from);
		return (index < 0) ? text.length() : index;
	}

}
