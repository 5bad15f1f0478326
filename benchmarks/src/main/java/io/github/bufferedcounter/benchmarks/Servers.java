package io.github.bufferedcounter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * The PostgreSQL and Redis servers of one run, on loopback. By default both are embedded and
 * started here: PostgreSQL 18 from {@code io.zonky.test.postgres} binaries, Redis 7.0 from
 * {@code org.signal:embedded-redis}, without persistence. {@code BENCH_POSTGRES_URL} (an admin
 * database such as {@code jdbc:postgresql://127.0.0.1:5432/postgres}, with optional
 * {@code BENCH_POSTGRES_USER} and {@code BENCH_POSTGRES_PASSWORD}) and {@code BENCH_REDIS_URL}
 * ({@code redis://host:port}) use running servers instead. The embedded PostgreSQL runs with
 * {@code synchronous_commit=on} and {@code fsync=on}, PostgreSQL's defaults;
 * {@code BENCH_POSTGRES_SYNCHRONOUS_COMMIT=off} and {@code BENCH_POSTGRES_FSYNC=off} change that. Either way the run works in a fresh
 * database {@code bench_<run>} that it drops at the end, and under Redis key prefixes of its own.
 */
final class Servers implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	final String runId = UUID.randomUUID().toString().substring(0, 8);

	private EmbeddedPostgres embeddedPostgres;

	private RedisServer embeddedRedis;

	private String adminUrl;

	String user;

	String password;

	String database;

	String jdbcUrl;

	String redisHost;

	int redisPort;

	private Servers() {
	}

	boolean postgresEmbedded() {
		return this.embeddedPostgres != null;
	}

	boolean redisEmbedded() {
		return this.embeddedRedis != null;
	}

	static Servers start(Log log) {
		Servers servers = new Servers();
		try {
			servers.startPostgres(log);
			servers.startRedis(log);
			return servers;
		}
		catch (RuntimeException ex) {
			servers.close();
			throw ex;
		}
	}

	private void startPostgres(Log log) {
		Optional<String> url = env("BENCH_POSTGRES_URL");
		if (url.isPresent()) {
			this.adminUrl = url.get();
			this.user = env("BENCH_POSTGRES_USER").orElse("postgres");
			this.password = env("BENCH_POSTGRES_PASSWORD").orElse("");
			log.info("Using PostgreSQL at " + this.adminUrl);
		}
		else {
			long start = System.nanoTime();
			try {
				// zonky turns synchronous_commit and fsync off to speed up tests; a production
				// database keeps PostgreSQL's defaults (on), and so does this benchmark unless told
				// otherwise: without fsync a commit never waits for the disk, and the direct-update
				// peer, which holds a row lock through every commit, would run on a database that
				// does not keep what it committed
				this.embeddedPostgres = EmbeddedPostgres.builder()
					.setPGStartupWait(Duration.ofMinutes(1))
					.setServerConfig("synchronous_commit", env("BENCH_POSTGRES_SYNCHRONOUS_COMMIT").orElse("on"))
					.setServerConfig("fsync", env("BENCH_POSTGRES_FSYNC").orElse("on"))
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
			}
			this.adminUrl = "jdbc:postgresql://" + LOOPBACK + ":" + this.embeddedPostgres.getPort() + "/postgres";
			this.user = "postgres";
			this.password = "";
			log.info("Started embedded PostgreSQL on port " + this.embeddedPostgres.getPort() + " in "
					+ millisSince(start) + " ms");
		}
		this.database = "bench_" + this.runId;
		execute(this.adminUrl, "create database " + this.database);
		this.jdbcUrl = withDatabase(this.adminUrl, this.database);
	}

	private void startRedis(Log log) {
		Optional<String> url = env("BENCH_REDIS_URL");
		if (url.isPresent()) {
			URI uri = URI.create(url.get());
			if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new IllegalArgumentException("BENCH_REDIS_URL must look like redis://host:port but is " + url.get());
			}
			this.redisHost = uri.getHost();
			this.redisPort = (uri.getPort() < 0) ? 6379 : uri.getPort();
			log.info("Using Redis at " + url.get());
			return;
		}
		long start = System.nanoTime();
		RuntimeException last = null;
		for (int attempt = 1; attempt <= 3; attempt++) {
			int port = freePort();
			RedisServer redis = RedisServer.builder()
				.bind(LOOPBACK)
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			try {
				redis.start();
				this.embeddedRedis = redis;
				this.redisHost = LOOPBACK;
				this.redisPort = port;
				log.info("Started embedded Redis on port " + port + " in " + millisSince(start) + " ms");
				return;
			}
			catch (RuntimeException ex) {
				last = ex; // most likely the port was taken in the meantime
			}
		}
		throw last;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.user, this.password);
	}

	@Override
	public void close() {
		if (this.embeddedRedis != null) {
			try {
				this.embeddedRedis.stop();
			}
			catch (RuntimeException ex) {
				// the library's shutdown hook tries again
			}
			this.embeddedRedis = null;
		}
		if (this.database != null && this.adminUrl != null) {
			try {
				execute(this.adminUrl, "drop database if exists " + this.database + " with (force)");
			}
			catch (RuntimeException ex) {
				// an external server keeps the database; an embedded one is deleted below
			}
			this.database = null;
		}
		if (this.embeddedPostgres != null) {
			try {
				this.embeddedPostgres.close();
			}
			catch (IOException ex) {
				// the library's shutdown hook tries again
			}
			this.embeddedPostgres = null;
		}
	}

	private void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + url + ": " + ex.getMessage(), ex);
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

	private static Optional<String> env(String name) {
		return Optional.ofNullable(System.getenv(name)).map(String::trim).filter((value) -> !value.isEmpty());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port", ex);
		}
	}

	private static long millisSince(long nanoTime) {
		return (System.nanoTime() - nanoTime) / 1_000_000;
	}

}
