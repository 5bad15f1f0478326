package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.chaos.worker.ChaosCounter;

/**
 * One chaos run: starts PostgreSQL and Redis, runs the workers under faults until every
 * increment was attempted, drains the store with a fresh worker, and checks every counter
 * against the ack logs. Everything it started is stopped by {@link #close()}, also after a
 * failure.
 */
final class ChaosRun implements AutoCloseable {

	/** Faults start once the first workers had time to boot. */
	private static final Duration FIRST_FAULT_AFTER = Duration.ofSeconds(12);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

	private static final long SUPERVISE_EVERY_MILLIS = 200;

	private final ChaosSettings settings;

	private final String runId = UUID.randomUUID().toString().substring(0, 8);

	private final Path directory;

	private final Progress progress = new Progress();

	private Postgres postgres;

	private RedisProcess redis;

	private Workforce workforce;

	private WorkerProcess drain;

	ChaosRun(ChaosSettings settings) {
		this.settings = settings;
		this.directory = settings.directory().resolve(this.runId);
	}

	/**
	 * Runs the load under faults, drains and checks.
	 * @return the report
	 * @throws Exception if the run could not be carried out
	 */
	Report execute() throws Exception {
		Files.createDirectories(this.directory);
		this.progress.event("run " + this.runId + " in " + this.directory + ", " + this.settings);
		this.postgres = Postgres.start(this.runId);
		this.postgres.createSchema(this.settings.rows());
		this.redis = RedisProcess.start(this.directory.resolve("redis"));
		this.progress.event("PostgreSQL " + this.postgres.version() + " ("
				+ (this.postgres.embedded() ? "embedded" : "external") + ") and Redis on port " + this.redis.port()
				+ " (appendonly yes, appendfsync " + RedisProcess.appendfsync() + ") are up");
		long hardDeadline = System.currentTimeMillis() + this.settings.hardLimit().toMillis();
		long loadDeadline = System.currentTimeMillis() + this.settings.duration().toMillis();
		WorkerLauncher launcher = new WorkerLauncher(this.settings, this.postgres, this.redis.port(),
				this.directory.resolve("logs"), hardDeadline + DRAIN_TIMEOUT.toMillis() * 2);
		this.workforce = new Workforce(launcher, this.settings, this.directory.resolve("acks"), loadDeadline,
				this.progress);
		FaultInjector faults = new FaultInjector(new Random(this.settings.seed()), this.settings, this.workforce,
				this.redis, this.postgres, this.progress, FIRST_FAULT_AFTER);
		Duration loadStart = this.progress.elapsed();
		this.workforce.start();
		while (!this.workforce.supervise()) {
			if (System.currentTimeMillis() > hardDeadline) {
				throw new IllegalStateException("The load did not finish within " + this.settings.hardLimit());
			}
			faults.injectIfDue();
			Thread.sleep(SUPERVISE_EVERY_MILLIS);
		}
		Duration load = this.progress.elapsed().minus(loadStart);
		this.progress.event("all increments attempted; no more faults; draining with a fresh worker");
		String drained = drain(launcher);
		this.progress.event(drained);
		Ledger ledger = Ledger.read(this.directory.resolve("acks"));
		Map<Ledger.Counter, Long> database = this.settings.slotDigits().split(this.postgres.counters());
		Map<String, Verdict> counters = new LinkedHashMap<>();
		for (String field : List.of(ChaosCounter.HITS, ChaosCounter.POINTS, ChaosCounter.ENTRIES)) {
			counters.put(field, Verdict.check(only(ledger.counters(), (counter) -> counter.field().equals(field)),
					only(database, (counter) -> counter.field().equals(field))));
		}
		Map<Ledger.Bucket, Long> written = this.postgres.rollupBuckets();
		Map<RollupPeriod, Verdict> buckets = new EnumMap<>(RollupPeriod.class);
		for (RollupPeriod period : List.of(RollupPeriod.HOUR, RollupPeriod.DAY)) {
			buckets.put(period, Verdict.check(only(ledger.buckets(), (bucket) -> bucket.period() == period),
					only(written, (bucket) -> bucket.period() == period)));
		}
		Set<RollupPeriod> unexpected = EnumSet.noneOf(RollupPeriod.class);
		written.keySet().forEach((bucket) -> unexpected.add(bucket.period()));
		unexpected.removeAll(buckets.keySet());
		if (!unexpected.isEmpty()) {
			throw new IllegalStateException("Buckets of periods the workers do not roll up: " + unexpected);
		}
		FaultBounds bounds = FaultBounds.check(ledger, this.workforce.stopped(), this.settings.threads(),
				faults.terminatedSessions());
		Report report = new Report(header(), load, this.progress.elapsed(), this.workforce.launches(),
				this.workforce.unexpectedExits(), faults.injected(), faults.terminatedSessions(),
				faults.killedRedisClients(), ledger, bounds, counters, buckets, this.postgres.entryRows(),
				this.postgres.appliedBatches(), WorkerLogs.scan(this.directory.resolve("logs")), drained,
				drained.contains("clean=true"));
		Files.writeString(this.directory.resolve("report.md"), report.table(), StandardCharsets.UTF_8);
		return report;
	}

	private static <K, V> Map<K, V> only(Map<K, V> all, Predicate<K> keep) {
		Map<K, V> kept = new HashMap<>();
		all.forEach((key, value) -> {
			if (keep.test(key)) {
				kept.put(key, value);
			}
		});
		return kept;
	}

	private String drain(WorkerLauncher launcher) throws IOException {
		this.drain = launcher.launch("drain",
				Map.of("mode", "drain", "drain-timeout-millis", DRAIN_TIMEOUT.toMillis()));
		if (!this.drain.waitFor(DRAIN_TIMEOUT.plusSeconds(60))) {
			this.drain.kill();
			return "CHAOS-DRAIN clean=false (the drain worker did not finish; see " + this.drain.log() + ")";
		}
		List<String> lines = Files.readAllLines(this.drain.log(), StandardCharsets.ISO_8859_1);
		return lines.stream()
			.filter((line) -> line.startsWith("CHAOS-DRAIN clean="))
			.reduce((first, second) -> second)
			.orElse("CHAOS-DRAIN clean=false (exit " + this.drain.exitValue() + "; see " + this.drain.log() + ")");
	}

	private String header() throws Exception {
		return String.format("Chaos run %s, seed %d: %d workers x %d threads, %d rows x 3 counters, "
				+ "flush every %d ms, lease %d s, batches of %d keys; PostgreSQL %s (%s), Redis 7.0 "
				+ "(appendonly yes, appendfsync " + RedisProcess.appendfsync() + ")", this.runId, this.settings.seed(), this.settings.workers(),
				this.settings.threads(), this.settings.rows(), ChaosSettings.FLUSH_INTERVAL.toMillis(),
				ChaosSettings.LEASE.toSeconds(), ChaosSettings.BATCH_SIZE, this.postgres.version(),
				this.postgres.embedded() ? "embedded" : "external");
	}

	Path directory() {
		return this.directory;
	}

	@Override
	public void close() {
		if (this.workforce != null) {
			this.workforce.close();
		}
		if (this.drain != null && this.drain.isAlive()) {
			this.drain.kill();
		}
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
		Children.killAll();
	}

}
