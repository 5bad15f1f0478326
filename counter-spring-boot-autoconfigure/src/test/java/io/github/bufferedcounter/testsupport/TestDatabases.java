package io.github.bufferedcounter.testsupport;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh, empty databases for tests, each with a unique name.
 * <p>
 * By default PostgreSQL and MariaDB databases are created on embedded servers (started lazily, once per JVM, on a
 * free port; the server libraries stop them with a JVM shutdown hook), so tests need nothing but a JDK. To use an
 * already running server instead, point an environment variable at an admin database on it:
 * <ul>
 * <li>{@value #POSTGRES_ENV}{@code _URL}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}, with optional
 * {@code _USER} (default {@code postgres}) and {@code _PASSWORD} (default empty);</li>
 * <li>{@value #MARIADB_ENV}{@code _URL}, e.g. {@code jdbc:mariadb://127.0.0.1:3306/test}, with optional
 * {@code _USER} (default {@code root}) and {@code _PASSWORD} (default empty).</li>
 * </ul>
 * The user must be allowed to create databases. Databases created on an external server are not dropped; they are
 * all named {@code bctest_<run>_<n>}.
 */
public final class TestDatabases {

	static final String POSTGRES_ENV = "BUFFERED_COUNTER_TEST_POSTGRES";

	static final String MARIADB_ENV = "BUFFERED_COUNTER_TEST_MARIADB";

	/** Keeps the names of concurrent test runs against one external server apart. */
	private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private static final Lazy<DatabaseServer> POSTGRES = new Lazy<>(() -> external(POSTGRES_ENV, "postgres",
			DatabaseServer.POSTGRES_CREATE_DATABASE)
		.orElseGet(EmbeddedDatabaseServers::startPostgres));

	private static final Lazy<DatabaseServer> MARIADB = new Lazy<>(() -> external(MARIADB_ENV, "root",
			DatabaseServer.MARIADB_CREATE_DATABASE)
		.orElseGet(EmbeddedDatabaseServers::startMariaDb));

	private TestDatabases() {
	}

	/**
	 * Creates a new, empty PostgreSQL database.
	 * @return the new database
	 */
	public static TestDatabase postgres() {
		return POSTGRES.get().createDatabase(uniqueName());
	}

	/**
	 * Creates a new, empty MariaDB database (character set {@code utf8mb4}).
	 * @return the new database
	 */
	public static TestDatabase mariadb() {
		return MARIADB.get().createDatabase(uniqueName());
	}

	/**
	 * Names a new, empty in-memory H2 database. It lives until the JVM exits ({@code DB_CLOSE_DELAY=-1}), even
	 * when no connection is open.
	 * @return the new database
	 */
	public static TestDatabase h2() {
		return new TestDatabase("jdbc:h2:mem:" + uniqueName() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	private static String uniqueName() {
		return "bctest_" + RUN_ID + "_" + SEQUENCE.incrementAndGet();
	}

	private static Optional<DatabaseServer> external(String envPrefix, String defaultUser, String createDatabaseSql) {
		return env(envPrefix + "_URL").map((url) -> new DatabaseServer(new TestDatabase(url,
				env(envPrefix + "_USER").orElse(defaultUser), env(envPrefix + "_PASSWORD").orElse("")),
				createDatabaseSql));
	}

	private static Optional<String> env(String name) {
		return Optional.ofNullable(System.getenv(name)).filter((value) -> !value.isBlank());
	}

}
