package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.chaos.worker.WorkerMain;

/**
 * Starts worker JVMs: {@code java -cp <the test class path> WorkerMain --<property>=<value>...},
 * with the run's PostgreSQL and Redis, a short flush interval and lease, and a small heap. Each
 * worker's sessions carry {@code application_name} {@code chaos-<name>}, so the driver can tell
 * whose session is inside a flush transaction.
 */
final class WorkerLauncher {

	private final ChaosSettings settings;

	private final Postgres postgres;

	private final int redisPort;

	private final Path logs;

	private final long haltAt;

	WorkerLauncher(ChaosSettings settings, Postgres postgres, int redisPort, Path logs, long haltAt) {
		this.settings = settings;
		this.postgres = postgres;
		this.redisPort = redisPort;
		this.logs = logs;
		this.haltAt = haltAt;
	}

	/**
	 * Starts a worker.
	 * @param name its name, such as {@code worker-1.3} or {@code drain}
	 * @param chaos its {@code chaos.*} properties besides the name
	 * @return the running process
	 */
	WorkerProcess launch(String name, Map<String, Object> chaos) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// a small heap, one GC thread and C1 only: quick to boot on two shared cores, and restarted often
		List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djava.awt.headless=true", "-cp", classPath(),
				WorkerMain.class.getName()));
		property(command, "chaos.name", name);
		property(command, "chaos.rows", this.settings.rows());
		property(command, "chaos.parent-pid", ProcessHandle.current().pid());
		property(command, "chaos.halt-at", this.haltAt);
		chaos.forEach((key, value) -> property(command, "chaos." + key, value));
		property(command, "spring.main.banner-mode", "off");
		property(command, "spring.datasource.url", this.postgres.url());
		property(command, "spring.datasource.username", this.postgres.user());
		property(command, "spring.datasource.password", this.postgres.password());
		property(command, "spring.datasource.hikari.maximum-pool-size", 10);
		property(command, "spring.datasource.hikari.connection-timeout", 10_000);
		property(command, "spring.datasource.hikari.data-source-properties.ApplicationName", "chaos-" + name);
		property(command, "spring.jpa.hibernate.ddl-auto", "none");
		property(command, "spring.jpa.open-in-view", false);
		property(command, "spring.data.redis.host", RedisProcess.LOOPBACK);
		property(command, "spring.data.redis.port", this.redisPort);
		property(command, "spring.data.redis.timeout", "20s");
		property(command, "spring.data.redis.repositories.enabled", false);
		property(command, "buffered-counter.jdbc.initialize-schema", "never");
		property(command, "buffered-counter.flush.interval", ChaosSettings.FLUSH_INTERVAL.toMillis() + "ms");
		property(command, "buffered-counter.flush.lease", ChaosSettings.LEASE.toMillis() + "ms");
		property(command, "buffered-counter.flush.batch-size", ChaosSettings.BATCH_SIZE);
		property(command, "buffered-counter.flush.initial-backoff", "100ms");
		property(command, "buffered-counter.flush.max-backoff", "1s");
		// a committed insert's counter cache delta is in Redis when the commit returns, as an increment's
		property(command, "buffered-counter.counter-cache.await-write", true);
		property(command, "logging.level.root", "WARN");
		property(command, "logging.level.io.github.bufferedcounter", "INFO");
		property(command, "logging.pattern.console", "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
		Path log = this.logs.resolve(name + ".log");
		try {
			Files.createDirectories(this.logs);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new WorkerProcess(name, Children.track(process), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start worker " + name, ex);
		}
	}

	private static void property(List<String> command, String name, Object value) {
		command.add("--" + name + "=" + value);
	}

	/** The test class path: Surefire runs tests from a manifest-only jar and names the real one in a property. */
	private static String classPath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

}
