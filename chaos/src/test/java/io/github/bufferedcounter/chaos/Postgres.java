package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.chaos.worker.ChaosCounter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The run's PostgreSQL database. By default an embedded PostgreSQL 18 is started (the binaries of
 * {@code io.zonky.test.postgres}, as in the library's tests), with {@code synchronous_commit=on};
 * {@value #URL_ENV} (an admin database such as {@code jdbc:postgresql://127.0.0.1:5432/postgres},
 * with optional {@code _USER}, default {@code postgres}, and {@code _PASSWORD}) uses a running
 * server instead. Either way the run works in a fresh database {@code chaos_<run>}, dropped at
 * the end. The user must be allowed to terminate other sessions (a superuser, or a member of
 * {@code pg_signal_backend}).
 */
final class Postgres implements AutoCloseable {

	static final String URL_ENV = "BUFFERED_COUNTER_TEST_POSTGRES_URL";

	private static final List<String> SCHEMA_SCRIPTS = List.of(
			"io/github/bufferedcounter/jdbc/migration/postgresql/V1.0.0.0.1__buffered_counter_tables.sql",
			"io/github/bufferedcounter/jdbc/migration/postgresql/V1.0.0.0.2__buffered_counter_identity.sql");

	private final EmbeddedPostgres embedded;

	private final String adminUrl;

	private final String user;

	private final String password;

	private final String database;

	private final String url;

	private Postgres(EmbeddedPostgres embedded, String adminUrl, String user, String password, String database) {
		this.embedded = embedded;
		this.adminUrl = adminUrl;
		this.user = user;
		this.password = password;
		this.database = database;
		this.url = withDatabase(adminUrl, database);
	}

	/**
	 * Starts or connects to the server and creates the run's database.
	 * @param runId names the database
	 * @return the database
	 * @throws IOException if the embedded server does not start
	 * @throws SQLException if the database cannot be created
	 */
	static Postgres start(String runId) throws IOException, SQLException {
		String external = env(URL_ENV, null);
		EmbeddedPostgres embedded = null;
		String adminUrl = external;
		if (external == null) {
			embedded = EmbeddedPostgres.builder()
				.setPGStartupWait(Duration.ofMinutes(1))
				.setServerConfig("synchronous_commit", "on")
				.start();
			adminUrl = "jdbc:postgresql://" + RedisProcess.LOOPBACK + ":" + embedded.getPort() + "/postgres";
		}
		Postgres postgres = new Postgres(embedded, adminUrl, env("BUFFERED_COUNTER_TEST_POSTGRES_USER", "postgres"),
				env("BUFFERED_COUNTER_TEST_POSTGRES_PASSWORD", ""), "chaos_" + runId);
		try (Connection connection = DriverManager.getConnection(adminUrl, postgres.user, postgres.password);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + postgres.database);
		}
		return postgres;
	}

	String url() {
		return this.url;
	}

	String user() {
		return this.user;
	}

	String password() {
		return this.password;
	}

	boolean embedded() {
		return this.embedded != null;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.user, this.password);
	}

	/**
	 * Creates {@code chaos_counter} with rows 1 to {@code rows} at zero, and the starter's
	 * tables from the scripts in its jar (the workers do not create it,
	 * so that they cannot race on it).
	 * @param rows the number of rows
	 * @throws SQLException if a statement fails
	 */
	void createSchema(int rows) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("create table chaos_counter (id bigint primary key, hits bigint not null default 0, "
					+ "points integer not null default 0, entries bigint not null default 0)");
			statement.execute("insert into chaos_counter (id) select generate_series(1, " + rows + ")");
			statement.execute("create table chaos_entry (id bigint primary key, "
					+ "counter_id bigint not null references chaos_counter (id))");
			for (String script : SCHEMA_SCRIPTS) {
				for (String sql : schemaScript(script).split(";")) {
					if (!sql.isBlank()) {
						statement.execute(sql);
					}
				}
			}
		}
	}

	private static String schemaScript(String script) {
		try (InputStream in = Postgres.class.getClassLoader().getResourceAsStream(script)) {
			if (in == null) {
				throw new IllegalStateException(script + " is not on the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Terminates every other session on the run's database: the workers' pooled connections,
	 * in or out of a transaction.
	 * @return how many sessions were terminated
	 * @throws SQLException if the statement fails
	 */
	int terminateConnections() throws SQLException {
		try (Connection connection = connect();
				PreparedStatement terminate = connection.prepareStatement("select count(*) filter "
						+ "(where pg_terminate_backend(pid)) from pg_stat_activity "
						+ "where datname = current_database() and pid <> pg_backend_pid()");
				ResultSet result = terminate.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
	}

	/**
	 * Waits until some worker is inside a flush transaction (its session has recorded or is
	 * looking up a batch id, or is updating counters, and has not committed yet).
	 * @param timeout how long to look
	 * @return the {@code application_name} of that worker's session, or empty if none was seen
	 * @throws SQLException if a query fails
	 */
	Optional<String> awaitFlushTransaction(Duration timeout) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Connection connection = connect();
				PreparedStatement select = connection.prepareStatement("select application_name from pg_stat_activity "
						+ "where datname = current_database() and pid <> pg_backend_pid() "
						+ "and application_name like 'chaos-worker-%' "
						+ "and state in ('active', 'idle in transaction') "
						+ "and (query like '%buffered_counter_batch%' or query like 'update chaos_counter%') "
						+ "limit 1")) {
			while (System.nanoTime() < deadline) {
				try (ResultSet result = select.executeQuery()) {
					if (result.next()) {
						return Optional.of(result.getString(1));
					}
				}
				try {
					Thread.sleep(2);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Reads every counter.
	 * @return the value of each counter ({@code hits} as a whole, slot 0)
	 * @throws SQLException if the query fails
	 */
	Map<Ledger.Counter, Long> counters() throws SQLException {
		Map<Ledger.Counter, Long> values = new HashMap<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select id, hits, points, entries from chaos_counter")) {
			while (result.next()) {
				long id = result.getLong(1);
				values.put(new Ledger.Counter(id, ChaosCounter.HITS, 0), result.getLong(2));
				values.put(new Ledger.Counter(id, ChaosCounter.POINTS, 0), result.getLong(3));
				values.put(new Ledger.Counter(id, ChaosCounter.ENTRIES, 0), result.getLong(4));
			}
		}
		return values;
	}

	/**
	 * Reads every rollup bucket of {@code points}, whatever its period.
	 * @return the count of each bucket
	 * @throws SQLException if the query fails
	 */
	Map<Ledger.Bucket, Long> rollupBuckets() throws SQLException {
		Map<Ledger.Bucket, Long> values = new HashMap<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select holder_id, bucket_period, bucket_start, bucket_count "
						+ "from buffered_counter_rollup where holder_table = 'chaos_counter' "
						+ "and counter_column = 'points'")) {
			while (result.next()) {
				values.put(new Ledger.Bucket(Long.parseLong(result.getString(1)),
						RollupPeriod.valueOf(result.getString(2)), result.getObject(3, LocalDateTime.class)),
						result.getLong(4));
			}
		}
		return values;
	}

	/**
	 * Counts the {@code chaos_entry} rows: the inserts that committed.
	 * @return the number of rows
	 * @throws SQLException if the query fails
	 */
	long entryRows() throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select count(*) from chaos_entry")) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * Counts the applied batch ids the flushers recorded.
	 * @return the number of rows of {@code buffered_counter_batch}
	 * @throws SQLException if the query fails
	 */
	long appliedBatches() throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select count(*) from buffered_counter_batch")) {
			result.next();
			return result.getLong(1);
		}
	}

	String version() throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show server_version")) {
			result.next();
			return result.getString(1);
		}
	}

	@Override
	public void close() {
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + this.database + " with (force)");
		}
		catch (SQLException ex) {
			// an external server keeps the database; an embedded one is deleted below
		}
		if (this.embedded != null) {
			try {
				this.embedded.close();
			}
			catch (IOException ex) {
				// the library's shutdown hook tries again
			}
		}
	}

	/** Replaces the database of a {@code jdbc:postgresql://host[:port][/database][?options]} URL. */
	static String withDatabase(String jdbcUrl, String database) {
		int authority = jdbcUrl.indexOf("//");
		if (authority < 0) {
			throw new IllegalArgumentException("Expected jdbc:postgresql://host[:port][/database] but got " + jdbcUrl);
		}
		int options = indexOrLength(jdbcUrl, '?', authority + 2);
		int path = Math.min(indexOrLength(jdbcUrl, '/', authority + 2), options);
		return jdbcUrl.substring(0, path) + "/" + database + jdbcUrl.substring(options);
	}

	private static int indexOrLength(String text, char character, int from) {
		int index = text.indexOf(character, from);
		return (index < 0) ? text.length() : index;
	}

	private static String env(String name, String otherwise) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? otherwise : value.trim();
	}

}
