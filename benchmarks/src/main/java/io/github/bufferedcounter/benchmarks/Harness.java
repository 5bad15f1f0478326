package io.github.bufferedcounter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Runs every figure of the benchmark, in four application configurations booted one after the
 * other against the same PostgreSQL and Redis, and fills the {@link Report}. The ingest figures
 * are here; the others live in {@link CounterCacheFigures}, {@link FlushFigures},
 * {@link LagFigure}, {@link RedisMemoryFigures} and {@link ReadFigures}. Every figure works on rows of its own and
 * checks the database totals it produced.
 */
final class Harness extends Figures {

	static final String LOCAL_AGGREGATION = "buffered-counter.local-aggregation.window";

	/**
	 * The figures {@code --only} can pick: ingest (b), (c) and (d), each with the direct-JPA peer
	 * (a); (a), (b) and (e) at 16 to 200 platform and virtual threads, without and with actuator
	 * ({@link ConcurrencyFigures}); the flush, with several flushers, lag, Redis memory (with its growth), child inserts
	 * (counter cache and Rails-style), {@code recalculateAll}, the batch read and the rollup flush.
	 */
	static final List<String> FIGURES = List.of("b", "c", "d", "threads", "flush", "instances", "lag", "memory",
			"cache", "recount", "reads", "rollup");

	private final Set<String> only;

	private static final String REDIS_STORE = "redis store";

	private static final String RAW_REDIS = "raw redis";

	/** Rounds of the (b) and (e) turns. */
	private static final int INGEST_ROUNDS = 5;

	private Load.Result direct;

	private Load.Result redis;

	private Load.Result rawRedis;

	/** (b) and (e), measured in turns so that a slow moment of the machine falls on both alike. */
	private Turns redisTurns;

	private Load.Result local;

	private Load.Result memory;

	Harness(Size size, Set<String> only, Log log) {
		super(size, log, new Report(), new LinkedHashMap<>());
		this.only = Set.copyOf(only);
	}

	/**
	 * Parses a comma-separated list of figures.
	 * @throws IllegalArgumentException naming an unknown figure and the known ones
	 */
	static Set<String> figures(String list) {
		Set<String> figures = new LinkedHashSet<>();
		for (String figure : list.split(",")) {
			String name = figure.trim().toLowerCase(Locale.ROOT);
			if (!FIGURES.contains(name)) {
				throw new IllegalArgumentException("--only: unknown figure '" + figure.trim() + "'; known figures are "
						+ String.join(", ", FIGURES));
			}
			figures.add(name);
		}
		return figures;
	}

	private boolean wanted(String... figures) {
		return Arrays.stream(figures).anyMatch(this.only::contains);
	}

	Report run() {
		long start = System.nanoTime();
		for (String figure : List.of("b", "e", "c", "d", "flush", "instances", "lag", "memory", "growth", "cache", "rails", "recount",
				"reads", "rollup")) {
			if (wanted(figure) || ("e".equals(figure) && wanted("b")) || ("growth".equals(figure) && wanted("memory"))
					|| ("rails".equals(figure) && wanted("cache"))) {
				this.rows.put(figure, null);
			}
			if ("e".equals(figure) && wanted("threads")) {
				ConcurrencyFigures.rowKeys("threads").forEach((key) -> this.rows.put(key, null));
				ConcurrencyFigures.rowKeys("observed").forEach((key) -> this.rows.put(key, null));
			}
		}
		this.report.environment("size: " + this.size.name());
		this.report.environment(machine());
		this.report.environment(String.format(Locale.ROOT,
				"system load average (1 min) before the run: %.2f (the run itself then adds up to 16 busy threads)",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		boolean localKnown = propertyKnown(LOCAL_AGGREGATION);
		try (Servers servers = Servers.start(this.log); Db db = new Db(servers)) {
			db.createSchema();
			this.report.environment("PostgreSQL: " + db.queryString("select version()") + " ("
					+ (servers.postgresEmbedded() ? "embedded" : "external") + "), synchronous_commit="
					+ db.queryString("show synchronous_commit") + ", fsync=" + db.queryString("show fsync") + ", loopback");
			if (wanted("b", "c", "d", "threads", "lag", "cache", "recount", "reads")) {
				try (Bench bench = Bench.start(servers, "redis", Map.of("buffered-counter.flush.interval", FLUSH_INTERVAL.toMillis() + "ms"), this.log)) {
					this.report.environment("Redis: " + bench.redisVersion() + " ("
							+ (servers.redisEmbedded() ? "embedded, no persistence" : "external") + "), loopback");
					if (wanted("b", "c", "d")) {
						this.direct = section("ingest (a) direct JPA",
								() -> ingest(bench, db, "direct JPA", (id) -> bench.repository.incrementDirectly(id), false));
					}
					if (wanted("b")) {
						this.redisTurns = section("ingest (b) redis store and (e) raw redis, in turns",
								() -> ingestInTurns(bench, db));
						if (this.redisTurns != null) {
							this.redis = this.redisTurns.total(REDIS_STORE);
							this.rawRedis = this.redisTurns.total(RAW_REDIS);
						}
					}
					if (wanted("threads")) {
						section("ingest at 16 to 200 threads", () -> new ConcurrencyFigures(this).allLevels(bench, db,
								"threads", "redis configuration (no actuator)"));
					}
					if (wanted("lag")) {
						section("lag", () -> new LagFigure(this).lag(bench, db));
					}
					if (wanted("cache")) {
						section("counter cache insert", () -> new CounterCacheFigures(this).childInserts(bench, db));
					}
					if (wanted("recount")) {
						section("recalculateAll", () -> new CounterCacheFigures(this).recalculateAll(bench, db));
					}
					if (wanted("reads")) {
						section("batch read", () -> new ReadFigures(this).batchRead(bench, db));
					}
				}
			}
			if (wanted("threads")) {
				try (Bench bench = Bench.startObserved(servers, "observed", this.log)) {
					this.report.environment("observed configuration: actuator starter at its defaults, Lettuce "
							+ "command observations " + (bench.lettuceObserved() ? "on" : "OFF"));
					section("ingest at 16 to 200 threads, with actuator", () -> new ConcurrencyFigures(this)
						.allLevels(bench, db, "observed", "observed configuration (actuator, Lettuce observations)"));
				}
			}
			if (wanted("c")) {
				try (Bench bench = Bench.start(servers, "local", Map.of(LOCAL_AGGREGATION, "50ms"), this.log)) {
					this.local = section("ingest (c) redis store + local aggregation",
							() -> ingest(bench, db, "redis store + local aggregation", bench::increment, true));
				}
			}
			if (wanted("d")) {
				try (Bench bench = Bench.start(servers, "memory", Map.of("buffered-counter.store", "memory"), this.log)) {
					this.memory = section("ingest (d) memory store",
							() -> ingest(bench, db, "memory store", bench::increment, true));
				}
			}
			if (wanted("flush", "instances", "memory", "rollup")) {
				// scheduled flushes effectively off: the first one would run after an hour
				try (Bench bench = Bench.start(servers, "paused", Map.of("buffered-counter.flush.interval", "1h"),
						this.log)) {
					if (wanted("flush")) {
						section("flush", () -> new FlushFigures(this).flush(bench, db));
					}
					if (wanted("instances")) {
						section("flush instances", () -> new FlushFigures(this).flushInstances(bench, db));
					}
					if (wanted("memory")) {
						section("redis memory", () -> new RedisMemoryFigures(this).redisMemory(bench, db));
					}
					if (wanted("rollup")) {
						section("rollup flush", () -> new RollupFigures(this).rollupFlush(bench, db));
					}
				}
			}
		}
		catch (Exception ex) {
			this.report.fail("run aborted: " + ex);
			ex.printStackTrace(this.log.out());
		}
		ingestRows(localKnown);
		this.rows.forEach((figure, row) -> {
			if (row != null) {
				this.report.row(row.figure(), row.ours(), row.peer(), row.ratio(), row.target());
			}
			else {
				this.report.row(figure, "failed", "–", "–", "–");
			}
		});
		this.report.environment(
				String.format(Locale.ROOT, "run took %.0f s", (System.nanoTime() - start) / 1e9));
		this.report.note("ratios are ours / peer; the peer is direct JPA (a): a Spring Data `@Modifying` "
				+ "`update BenchCounter c set c.n = c.n + 1 where c.id = :id` in a transaction per call, "
				+ "on the same 10 hot rows with the same 16 threads; for the two child-insert rows the ratio is the "
				+ "cost of an insert against the same insert with no counter, peer rate / ours; for the batch read row "
				+ "the peer is the same page read with one `current` call per row; for the rollup row it is one "
				+ "bucket upsert per increment, as an application keeping its own bucket table would run");
		if (!localKnown) {
			this.report.note("`" + LOCAL_AGGREGATION + "` is not a known property of this build of the library "
					+ "(not in its configuration metadata): figure (c) ran with the property set but unbound, "
					+ "so it measures the plain redis store");
		}
		return this.report;
	}

	// ---------------------------------------------------------------- ingest

	private Load.Result ingest(Bench bench, Db db, String label, LongConsumer increment, boolean buffered)
			throws Exception {
		IdRange hot = db.insertRows(HOT_ROWS);
		this.log.info("Ingest, " + label + ": " + INGEST_THREADS + " threads on " + HOT_ROWS + " rows, warm-up "
				+ this.size.ingestWarmup().toMillis() + " ms, measured " + this.size.ingest().toMillis() + " ms");
		Load.Result result = Load.closedLoop(label, INGEST_THREADS, this.size.ingestWarmup(), this.size.ingest(),
				(thread, i) -> increment.accept(hot.id((int) ((thread + i) % HOT_ROWS))));
		this.log.info(String.format(Locale.ROOT, "  %s: %,.0f increments/s (%,d measured, %,d in all)", label,
				result.rate(), result.measured(), result.total()));
		if (buffered) {
			drain(bench, db, hot, result.total(), "ingest, " + label);
		}
		else {
			check(db.sum(hot) == result.total(),
					"ingest, " + label + ": database holds " + db.sum(hot) + ", expected " + result.total());
		}
		return result;
	}

	private void ingestRows(boolean localKnown) {
		String figure = "ingest, " + HOT_ROWS + " hot rows, " + INGEST_THREADS + " threads, "
				+ Report.duration(this.size.ingest()) + ": ";
		if (wanted("b")) {
			ingestRow("b", figure + "redis store (b)", this.redis, 30);
			rawRedisRow(figure);
		}
		if (wanted("c")) {
			ingestRow("c", figure + "redis store + `local-aggregation.window=50ms` (c)"
					+ (localKnown ? "" : " [property not bound]"), this.local, 500);
		}
		if (wanted("d")) {
			ingestRow("d", figure + "memory store (d)", this.memory, 2000);
		}
	}

	/**
	 * (b) against the other peer the issue names, the same increments written to Redis by the
	 * application itself, one synchronous {@code HINCRBY} per call, so each acknowledged
	 * increment is in Redis as with (b), without the library. Both run in {@link Turns turns}:
	 * a warm-up of each, then {@link #INGEST_ROUNDS} rounds of (b) then (e), each turn after an
	 * unmeasured start, so that the just-in-time compiler and the machine's other work fall on
	 * both alike.
	 */
	private Turns ingestInTurns(Bench bench, Db db) throws Exception {
		IdRange hot = db.insertRows(HOT_ROWS);
		Duration turn = this.size.ingest().dividedBy(INGEST_ROUNDS);
		Duration turnWarmup = this.size.ingestWarmup().dividedBy(4);
		this.log.info(String.format(Locale.ROOT, "Ingest, redis store (b) and raw redis (e, one HINCRBY per "
				+ "increment on %d hash fields): %d threads on %d rows; a warm-up of %,d ms each, then %d rounds of "
				+ "%,d ms (after %,d ms unmeasured) each", HOT_ROWS, INGEST_THREADS, HOT_ROWS,
				this.size.ingestWarmup().toMillis(), INGEST_ROUNDS, turn.toMillis(), turnWarmup.toMillis()));
		Map<String, Load.Op> ways = new LinkedHashMap<>();
		ways.put(REDIS_STORE, (thread, i) -> bench.increment(hot.id((int) ((thread + i) % HOT_ROWS))));
		ways.put(RAW_REDIS, (thread, i) -> bench.incrementRawRedis((thread + i) % HOT_ROWS));
		Turns turns = Turns.take(ways, Workers.PLATFORM, INGEST_THREADS, INGEST_ROUNDS, this.size.ingestWarmup(),
				turnWarmup, turn, this.log);
		long raw = bench.takeRawRedisTotal();
		check(raw == turns.total(RAW_REDIS).total(),
				"ingest, raw redis: the hash holds " + raw + ", expected " + turns.total(RAW_REDIS).total());
		drain(bench, db, hot, turns.total(REDIS_STORE).total(), "ingest, redis store");
		return turns;
	}

	private void rawRedisRow(String figure) {
		String ours = (this.rawRedis != null) ? Report.perSecond(this.rawRedis.rate()) : "failed";
		String peer = (this.direct != null) ? Report.perSecond(this.direct.rate()) + " (a)" : "failed";
		String ratio = (this.rawRedis != null && this.direct != null)
				? Report.ratio(this.rawRedis.rate() / this.direct.rate()) : "–";
		String versus = "– (for comparison)";
		if (this.redisTurns != null) {
			// the cost of (e) against (b) is (b)'s rate over (e)'s, in each round
			double[] range = this.redisTurns.costRange(RAW_REDIS, REDIS_STORE);
			versus = String.format(Locale.ROOT, "– (for comparison: (b) is %.2fx (e), %.2fx to %.2fx by turn)",
					this.redisTurns.cost(RAW_REDIS, REDIS_STORE), range[0], range[1]);
		}
		row("e", figure + "raw Redis, one synchronous `HINCRBY` per increment, no library (e)", ours, peer, ratio,
				versus);
	}

	private void ingestRow(String key, String figure, Load.Result ours, double target) {
		String peer = (this.direct != null) ? Report.perSecond(this.direct.rate()) + " (a)" : "failed";
		if (ours == null || this.direct == null) {
			row(key, figure, (ours != null) ? Report.perSecond(ours.rate()) : "failed", peer, "–",
					"≥ " + (int) target + "x");
			return;
		}
		double ratio = ours.rate() / this.direct.rate();
		row(key, figure, Report.perSecond(ours.rate()), peer, Report.ratio(ratio),
				Report.verdict("≥ " + (int) target + "x", ratio >= target));
	}

	// ---------------------------------------------------------------- helpers

	private <T> T section(String name, Section<T> section) {
		try {
			return section.run();
		}
		catch (Exception ex) {
			this.log.info(name + " failed: " + ex);
			ex.printStackTrace(this.log.out());
			this.report.fail(name + " failed: " + ex);
			return null;
		}
	}

	@FunctionalInterface
	private interface Section<T> {

		T run() throws Exception;

	}

	private static String machine() {
		Runtime runtime = Runtime.getRuntime();
		long memory = -1;
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			memory = os.getTotalMemorySize();
		}
		return String.format(Locale.ROOT, "machine: %d cores, %.1f GiB, %s %s %s; Java %s (%s), max heap %.1f GiB",
				runtime.availableProcessors(), memory / (double) (1L << 30), System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.version"),
				System.getProperty("java.vm.name"), runtime.maxMemory() / (double) (1L << 30));
	}

	/** Whether a property is declared in the configuration metadata of a jar on the class path. */
	static boolean propertyKnown(String name) {
		try {
			Enumeration<URL> resources = Harness.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json");
			while (resources.hasMoreElements()) {
				try (InputStream in = resources.nextElement().openStream()) {
					if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"" + name + "\"")) {
						return true;
					}
				}
			}
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
