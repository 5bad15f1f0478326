package io.github.bufferedcounter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import io.github.bufferedcounter.FlushResult;

/**
 * Runs every figure of the benchmark, in four application configurations booted one after the
 * other against the same PostgreSQL and Redis, and fills the {@link Report}. Every figure works
 * on rows of its own and checks the database totals it produced.
 */
final class Harness {

	static final String LOCAL_AGGREGATION = "buffered-counter.local-aggregation.window";

	/**
	 * The figures {@code --only} can pick: ingest (b), (c) and (d), each with the direct-JPA peer
	 * (a); the flush, with several flushers, lag, Redis memory (with its growth), child inserts
	 * (counter cache and Rails-style) and {@code recalculateAll}.
	 */
	static final List<String> FIGURES = List.of("b", "c", "d", "flush", "instances", "lag", "memory", "cache",
			"recount");

	private static final int INGEST_THREADS = 16;

	private static final int HOT_ROWS = 10;

	private static final int LAG_THREADS = 64;

	private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration MEMORY_SETTLE = Duration.ofMillis(2500);

	private static final long FIRST_DELTA = 10;

	/** Each way of inserting a child runs this many times, taking turns with the others. */
	private static final int INSERT_ROUNDS = 5;

	private static final String PLAIN = "plain insert";

	private static final String COUNTED = "counter cache insert";

	private static final String RAILS = "rails-style insert";

	private static final double INSERT_COST_TARGET = 1.2;

	private static final int RECOUNT_CHILDREN_PER_PARENT = 2;

	private final Size size;

	private final Set<String> only;

	private final Log log;

	private final Report report = new Report();

	private Load.Result direct;

	private Load.Result redis;

	private Load.Result rawRedis;

	private Load.Result local;

	private Load.Result memory;

	/** The table, in this order whatever order the figures ran in; a figure that failed keeps its place. */
	private final Map<String, Report.Row> rows = new LinkedHashMap<>();

	Harness(Size size, Set<String> only, Log log) {
		this.size = size;
		this.only = Set.copyOf(only);
		this.log = log;
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
		for (String figure : List.of("b", "e", "c", "d", "flush", "instances", "lag", "memory", "growth", "cache", "rails", "recount")) {
			if (wanted(figure) || ("e".equals(figure) && wanted("b")) || ("growth".equals(figure) && wanted("memory"))
					|| ("rails".equals(figure) && wanted("cache"))) {
				this.rows.put(figure, null);
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
			if (wanted("b", "c", "d", "lag", "cache", "recount")) {
				try (Bench bench = Bench.start(servers, "redis", Map.of("buffered-counter.flush.interval", FLUSH_INTERVAL.toMillis() + "ms"), this.log)) {
					this.report.environment("Redis: " + bench.redisVersion() + " ("
							+ (servers.redisEmbedded() ? "embedded, no persistence" : "external") + "), loopback");
					if (wanted("b", "c", "d")) {
						this.direct = section("ingest (a) direct JPA",
								() -> ingest(bench, db, "direct JPA", (id) -> bench.repository.incrementDirectly(id), false));
					}
					if (wanted("b")) {
						this.redis = section("ingest (b) redis store", () -> ingest(bench, db, "redis store", bench::increment, true));
						this.rawRedis = section("ingest (e) raw redis", () -> rawRedisIngest(bench));
					}
					if (wanted("lag")) {
						section("lag", () -> lag(bench, db));
					}
					if (wanted("cache")) {
						section("counter cache insert", () -> childInserts(bench, db));
					}
					if (wanted("recount")) {
						section("recalculateAll", () -> recalculateAll(bench, db));
					}
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
			if (wanted("flush", "instances", "memory")) {
				// scheduled flushes effectively off: the first one would run after an hour
				try (Bench bench = Bench.start(servers, "paused", Map.of("buffered-counter.flush.interval", "1h"),
						this.log)) {
					if (wanted("flush")) {
						section("flush", () -> flush(bench, db));
					}
					if (wanted("instances")) {
						section("flush instances", () -> flushInstances(bench, db));
					}
					if (wanted("memory")) {
						section("redis memory", () -> redisMemory(bench, db));
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
				+ "cost of an insert against the same insert with no counter, peer rate / ours");
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
	 * The other peer the issue names: the same increments written to Redis by the application
	 * itself, one synchronous {@code HINCRBY} per call, so each acknowledged increment is in
	 * Redis as with (b), without the library.
	 */
	private Load.Result rawRedisIngest(Bench bench) throws Exception {
		this.log.info("Ingest, raw redis: " + INGEST_THREADS + " threads on " + HOT_ROWS + " hash fields, one HINCRBY "
				+ "per increment, warm-up " + this.size.ingestWarmup().toMillis() + " ms, measured "
				+ this.size.ingest().toMillis() + " ms");
		Load.Result result = Load.closedLoop("raw redis", INGEST_THREADS, this.size.ingestWarmup(), this.size.ingest(),
				(thread, i) -> bench.incrementRawRedis((thread + i) % HOT_ROWS));
		this.log.info(String.format(Locale.ROOT, "  raw redis: %,.0f increments/s (%,d measured, %,d in all)",
				result.rate(), result.measured(), result.total()));
		long total = bench.takeRawRedisTotal();
		check(total == result.total(), "ingest, raw redis: the hash holds " + total + ", expected " + result.total());
		return result;
	}

	private void rawRedisRow(String figure) {
		String ours = (this.rawRedis != null) ? Report.perSecond(this.rawRedis.rate()) : "failed";
		String peer = (this.direct != null) ? Report.perSecond(this.direct.rate()) + " (a)" : "failed";
		String ratio = (this.rawRedis != null && this.direct != null)
				? Report.ratio(this.rawRedis.rate() / this.direct.rate()) : "–";
		String versus = (this.rawRedis != null && this.redis != null)
				? String.format(Locale.ROOT, "– (for comparison: (b) is %.1fx (e))", this.redis.rate() / this.rawRedis.rate())
				: "– (for comparison)";
		row("e", figure + "raw Redis, one synchronous `HINCRBY` per increment, no library (e)", ours, peer, ratio,
				versus);
	}

	private void row(String key, String figure, String ours, String peer, String ratio, String target) {
		this.rows.put(key, new Report.Row(figure, ours, peer, ratio, target));
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

	// ---------------------------------------------------------------- counter caches

	/**
	 * The same child insert three ways, each in a JPA transaction of its own, on parents of
	 * its own, taking {@link Turns turns}: a warm-up turn each, so that the first measured turn
	 * does not compile the insert path for the others, then {@link #INSERT_ROUNDS} rounds.
	 */
	private Void childInserts(Bench bench, Db db) throws Exception {
		Map<String, IdRange> parents = new LinkedHashMap<>();
		Map<String, LongConsumer> inserts = Map.of(PLAIN, bench::insertPlainChild, COUNTED, bench::insertCountedChild,
				RAILS, bench::insertRailsChild);
		for (String way : List.of(PLAIN, COUNTED, RAILS)) {
			parents.put(way, db.insertParents(HOT_ROWS));
		}
		Duration turn = this.size.ingest().dividedBy(INSERT_ROUNDS);
		Duration turnWarmup = this.size.ingestWarmup().dividedBy(4);
		this.log.info(String.format(Locale.ROOT,
				"Child inserts: %d threads on %d parents per way; a warm-up of %,d ms each, then %d rounds of "
						+ "%,d ms (after %,d ms unmeasured) each",
				INGEST_THREADS, HOT_ROWS, this.size.ingestWarmup().toMillis(), INSERT_ROUNDS, turn.toMillis(),
				turnWarmup.toMillis()));
		Turns turns = new Turns();
		for (int round = 0; round <= INSERT_ROUNDS; round++) {
			for (Map.Entry<String, IdRange> way : parents.entrySet()) {
				LongConsumer insert = inserts.get(way.getKey());
				if (round == 0) {
					turns.warmUp(way.getKey(), insertLoad(way.getKey(), way.getValue(), insert,
							this.size.ingestWarmup(), Duration.ZERO));
				}
				else {
					turns.measured(way.getKey(), insertLoad(way.getKey(), way.getValue(), insert, turnWarmup, turn));
				}
			}
		}
		checkChildren(PLAIN, db.countChildren(Db.PLAIN_CHILDREN, parents.get(PLAIN)), turns.total(PLAIN));
		checkChildren(RAILS, db.countChildren(Db.RAILS_CHILDREN, parents.get(RAILS)), turns.total(RAILS));
		long railsOff = db.parentsOffTheirCount("rails_count", Db.RAILS_CHILDREN, parents.get(RAILS));
		check(railsOff == 0, RAILS + ": " + railsOff + " parents' rails_count differs from their children");
		checkChildren(COUNTED, db.countChildren(Db.COUNTED_CHILDREN, parents.get(COUNTED)), turns.total(COUNTED));
		drainCounterCache(bench, db, parents.get(COUNTED));
		String figure = "child insert, " + HOT_ROWS + " parents, " + INGEST_THREADS + " threads, "
				+ Report.duration(this.size.ingest()) + " in " + INSERT_ROUNDS
				+ " turns, a JPA transaction per insert: ";
		String peer = Report.perSecond(turns.total(PLAIN).rate()) + " (same insert, no counter)";
		double cost = turns.cost(COUNTED, PLAIN);
		row("cache", figure + "counted by a counter cache, `@BufferedCounter(countOf = BenchChild.class, "
				+ "mappedBy = \"parent\")`, redis store", Report.perSecond(turns.total(COUNTED).rate()), peer,
				costRatio(turns, COUNTED),
				Report.verdict("≤ " + INSERT_COST_TARGET + "x cost", cost <= INSERT_COST_TARGET));
		row("rails", figure + "Rails-style, `UPDATE bench_parent SET rails_count = rails_count + 1 WHERE id = ?` "
				+ "in the same transaction", Report.perSecond(turns.total(RAILS).rate()), peer, costRatio(turns, RAILS),
				"– (for comparison)");
		return null;
	}

	private static String costRatio(Turns turns, String way) {
		double[] range = turns.costRange(way, PLAIN);
		return String.format(Locale.ROOT, "%.2fx cost (%.2fx to %.2fx by turn)", turns.cost(way, PLAIN), range[0],
				range[1]);
	}

	private Load.Result insertLoad(String label, IdRange parents, LongConsumer insert, Duration warmup,
			Duration measure) throws InterruptedException {
		Load.Result result = Load.closedLoop(label, INGEST_THREADS, warmup, measure,
				(thread, i) -> insert.accept(parents.id((int) ((thread + i) % HOT_ROWS))));
		if (measure.isZero()) {
			this.log.info(String.format(Locale.ROOT, "  %s: warm-up, %,d inserts", label, result.total()));
		}
		else {
			this.log.info(String.format(Locale.ROOT, "  %s: %,.0f inserts/s (%,d measured, %,d in all)", label,
					result.rate(), result.measured(), result.total()));
		}
		return result;
	}

	private void checkChildren(String label, long children, Load.Result inserts) {
		check(children == inserts.total(),
				label + ": the table holds " + children + " children of its parents, expected " + inserts.total());
	}

	/** Flushes until every parent's counter cache equals its number of children, as a bounded wait. */
	private void drainCounterCache(Bench bench, Db db, IdRange parents) throws Exception {
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		long off;
		do {
			bench.flush();
			off = db.parentsOffTheirCount("child_count", Db.COUNTED_CHILDREN, parents);
			if (off == 0) {
				return;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < deadline);
		check(false, "counter cache insert: after flushing, " + off + " parents' child_count differs from their "
				+ "children");
	}

	/**
	 * Fills the parent table up to {@link Size#recountParents()} rows, with counters that
	 * drifted and children inserted by SQL, which the listeners never saw, then times one
	 * {@code recalculateAll} and checks every parent against its children in SQL.
	 */
	private Void recalculateAll(Bench bench, Db db) throws Exception {
		long start = System.nanoTime();
		IdRange parents = db.insertDriftedParents((int) Math.max(0, this.size.recountParents() - db.parentRows()));
		long children = (long) RECOUNT_CHILDREN_PER_PARENT * this.size.recountParents();
		db.insertChildrenBySql(parents, children);
		db.vacuumAnalyze("bench_parent");
		db.vacuumAnalyze(Db.COUNTED_CHILDREN);
		long rows = db.parentRows();
		long drifted = db.parentsOffTheirCount();
		this.log.info(String.format(Locale.ROOT,
				"recalculateAll: %,d parent rows, %,d children inserted by SQL, %,d counters off, set up in %,d ms",
				rows, children, drifted, (System.nanoTime() - start) / 1_000_000));
		check(drifted > 0, "recalculateAll: no counter was off before the recount, so it repaired nothing");
		start = System.nanoTime();
		long recounted = bench.recalculateAllChildCounts();
		double seconds = (System.nanoTime() - start) / 1e9;
		double rate = recounted / seconds;
		this.log.info(String.format(Locale.ROOT, "  recalculateAll: %,d rows in %.2f s, %,.0f rows/s", recounted,
				seconds, rate));
		bench.flush();
		long off = db.parentsOffTheirCount();
		check(recounted == rows, "recalculateAll: recounted " + recounted + " rows, the table has " + rows);
		check(off == 0, "recalculateAll: afterwards " + off + " parents' child_count differs from their children");
		row("recount", String.format(Locale.ROOT,
				"`recalculateAll(BenchParent.class, \"childCount\")`: %s parent rows, %s children inserted by SQL "
						+ "(unseen by the listeners; `parent_id` indexed), %s counters off",
				Report.count(rows), Report.count(children), Report.count(drifted)),
				String.format(Locale.ROOT, "%.1f s, %s rows/s", seconds, Report.count((long) rate)), "–", "–", "–");
		return null;
	}

	// ---------------------------------------------------------------- flush

	private Void flush(Bench bench, Db db) throws Exception {
		int n = this.size.flushRows();
		IdRange warm = db.insertRows(Math.min(5000, Math.max(100, n / 10)));
		bench.incrementEach(warm);
		checkFlush("warm-up flush", bench.flush(), warm, db);
		IdRange rows = db.insertRows(n);
		long start = System.nanoTime();
		bench.incrementEach(rows);
		this.log.info(String.format(Locale.ROOT, "Flush: buffered %,d increments on distinct rows in %,d ms", n,
				(System.nanoTime() - start) / 1_000_000));
		start = System.nanoTime();
		FlushResult result = bench.flush();
		double seconds = (System.nanoTime() - start) / 1e9;
		double rate = n / seconds;
		this.log.info(String.format(Locale.ROOT, "  flush(): %s in %.2f s, %,.0f rows/s", result, seconds, rate));
		checkFlush("flush", result, rows, db);
		row("flush", "flush: " + Report.count(n) + " distinct dirty rows, one `flush()`",
				String.format(Locale.ROOT, "%s rows/s (%.2f s, %,d batches, `rows()` = %,d)", Report.count((long) rate),
						seconds, result.batches(), result.rows()),
				"–", "–", Report.verdict("≥ 50,000 rows/s", rate >= 50_000));
		return null;
	}

	/**
	 * The same flush with 1, 2 and 4 flushers draining one store at once, as that many
	 * application instances would: each takes whole batches, and shards keep their rows apart.
	 */
	private Void flushInstances(Bench bench, Db db) throws Exception {
		int n = this.size.flushRows();
		StringBuilder rates = new StringBuilder();
		double single = 0;
		double lowest = Double.MAX_VALUE;
		for (int instances : new int[] { 1, 2, 4 }) {
			IdRange rows = db.insertRows(n);
			bench.incrementEach(rows);
			long start = System.nanoTime();
			FlushResult result = bench.flushWith(instances);
			double seconds = (System.nanoTime() - start) / 1e9;
			double rate = n / seconds;
			this.log.info(String.format(Locale.ROOT, "  %d flusher(s): %s in %.2f s, %,.0f rows/s", instances, result,
					seconds, rate));
			checkFlush(instances + " flushers", result, rows, db);
			single = (instances == 1) ? rate : single;
			lowest = Math.min(lowest, rate);
			rates.append((rates.length() > 0) ? "; " : "")
				.append(instances)
				.append(": ")
				.append(Report.count((long) rate))
				.append(" rows/s");
		}
		row("instances", "flush throughput with 1, 2 and 4 flushers at once (separate `Flusher`s, 2 shard threads "
				+ "each, one store and database): " + Report.count(n) + " distinct dirty rows each time",
				rates.toString(), "–", String.format(Locale.ROOT, "lowest / 1 flusher: %.2f", lowest / single),
				Report.verdict("no fall (≥ 0.9)", lowest >= 0.9 * single));
		return null;
	}

	private void checkFlush(String what, FlushResult result, IdRange rows, Db db) throws Exception {
		int n = rows.count();
		check(result.rows() == n && result.keys() == n,
				what + ": FlushResult rows=" + result.rows() + " keys=" + result.keys() + ", expected " + n + " each");
		check(result.orphans() == 0 && result.rejected() == 0 && result.retried() == 0,
				what + ": unexpected orphans/rejected/retried in " + result);
		long ones = db.countEqual(rows, 1);
		long sum = db.sum(rows);
		check(ones == n && sum == n, what + ": database has " + ones + " rows at 1 and a sum of " + sum
				+ ", expected " + n + " and " + n);
	}

	// ---------------------------------------------------------------- lag

	private Void lag(Bench bench, Db db) throws Exception {
		IdRange background = db.insertRows(this.size.lagRows());
		IdRange probeRows = db.insertRows(LagProbes.ROWS);
		Duration duration = this.size.lagDuration();
		this.log.info(String.format(Locale.ROOT,
				"Lag: %,d increments/s on %,d rows for %s from %d threads, probes on %d rows every %d ms",
				this.size.lagRate(), background.count(), Report.duration(duration), LAG_THREADS, LagProbes.ROWS,
				LagProbes.PROBE_EVERY_NANOS / 1_000_000));
		LagProbes probes = new LagProbes(bench, db, probeRows, duration);
		probes.start();
		Load.Result load;
		LagProbes.Result seen;
		try {
			load = Load.paced("lag-load", LAG_THREADS, this.size.lagRate(), duration,
					(thread, i) -> bench.increment(background.id(ThreadLocalRandom.current().nextInt(background.count()))));
		}
		finally {
			seen = probes.finish(FLUSH_INTERVAL.multipliedBy(5).plusSeconds(10));
		}
		int samples = seen.sorted().length;
		double achieved = (load.total() + seen.probed()) / load.seconds();
		long p50 = seen.millisAt(0.50);
		long p99 = seen.millisAt(0.99);
		long max = seen.millisAt(1.0);
		this.log.info(String.format(Locale.ROOT,
				"  achieved %,.0f increments/s; %d samples: p50 %d ms, p99 %d ms, max %d ms; %d never seen", achieved,
				samples, p50, p99, max, seen.unseen()));
		drain(bench, db, background, load.total(), "lag load");
		drain(bench, db, probeRows, seen.probed(), "lag probes");
		long target = FLUSH_INTERVAL.plusMillis(250).toMillis();
		row("lag", String.format(Locale.ROOT,
				"lag: %s increments/s asked (%s achieved) on %s rows for %s, flush interval %s: p99 increment → visible in DB",
				Report.count(this.size.lagRate()), Report.count((long) achieved), Report.count(background.count()),
				Report.duration(duration), Report.duration(FLUSH_INTERVAL)),
				String.format(Locale.ROOT, "%,d ms (p50 %,d ms, max %,d ms, %,d samples%s)", p99, p50, max, samples,
						(seen.unseen() > 0) ? ", " + seen.unseen() + " not seen in time" : ""),
				"–", "–", Report.verdict("≤ " + Report.count(target) + " ms",
						samples > 0 && seen.unseen() == 0 && p99 <= target));
		return null;
	}

	// ---------------------------------------------------------------- redis memory

	private Void redisMemory(Bench bench, Db db) throws Exception {
		int k = this.size.memoryKeys();
		IdRange keys = db.insertRows(k);
		this.log.info(String.format(Locale.ROOT, "Redis memory: %,d new pending keys, flushing paused", k));
		long before = settledUsedMemory(bench);
		// Redis keeps each sum as a decimal string, one byte longer per key whenever it gains a digit;
		// starting the keys at 10 keeps them at two digits through the sustained increments below
		// (about 11 per key in the full run), so that growth with the values does not pass for
		// growth with the number of increments
		bench.incrementEach(keys, FIRST_DELTA);
		long after = settledUsedMemory(bench);
		long footprint = after - before;
		double perKey = footprint / (double) k;
		this.log.info(String.format(Locale.ROOT, "  used_memory %,d -> %,d bytes: %.1f bytes per pending key", before,
				after, perKey));
		row("memory", "Redis memory per pending key (" + Report.count(k) + " new keys `BenchCounter:n:<id>` = 10, "
				+ "`INFO memory` used_memory after − before)", String.format(Locale.ROOT, "%.0f B", perKey), "–", "–",
				Report.verdict("≤ 200 B", perKey <= 200));

		Duration sustain = this.size.memorySustain();
		this.log.info("  then " + Report.duration(sustain) + " of increments on those keys only, " + INGEST_THREADS
				+ " threads");
		// two halves, each read after the settling pause: growth that goes on shows in the second
		long[] settled = { after, 0, 0 };
		long highest = after;
		long increments = 0;
		double seconds = 0;
		for (int half = 1; half <= 2; half++) {
			Duration length = sustain.dividedBy(2);
			AtomicReference<Object> outcome = new AtomicReference<>();
			Thread driver = new Thread(() -> {
				try {
					outcome.set(Load.closedLoop("sustain", INGEST_THREADS, Duration.ZERO, length,
							(thread, i) -> bench.increment(keys.id(ThreadLocalRandom.current().nextInt(k)))));
				}
				catch (Throwable ex) {
					outcome.set(ex);
				}
			}, "sustain-driver");
			driver.start();
			long sampleEvery = Math.max(200, length.toMillis() / 15);
			while (driver.isAlive()) {
				driver.join(sampleEvery);
				highest = Math.max(highest, bench.redisUsedMemory());
			}
			if (outcome.get() instanceof Throwable ex) {
				throw new IllegalStateException("sustained increments failed: " + ex, ex);
			}
			Load.Result part = (Load.Result) outcome.get();
			increments += part.total();
			seconds += part.seconds();
			settled[half] = settledUsedMemory(bench);
			this.log.info(String.format(Locale.ROOT, "  half %d: %,d increments (%,.0f /s); used_memory %,d (%+,d)",
					half, part.total(), part.rate(), settled[half], settled[half] - settled[half - 1]));
		}
		long growth = settled[2] - after;
		double percent = 100.0 * growth / footprint;
		this.log.info(String.format(Locale.ROOT,
				"  %,d increments (%,.0f /s); used_memory %,d -> %,d (highest %,d): %+,d bytes, %+.2f %% of the keys' footprint",
				increments, increments / seconds, after, settled[2], highest, growth, percent));
		row("growth", String.format(Locale.ROOT,
				"Redis memory growth: %s of increments on the same %s pending keys (%s increments), flushing paused",
				Report.duration(sustain), Report.count(k), Report.count(increments)),
				String.format(Locale.ROOT,
						"%+,d B at the end (%+.2f %% of the keys' %,d B): %+,d B in the first half, %+,d B in the second; highest sample %+,d B",
						growth, percent, footprint, settled[1] - settled[0], settled[2] - settled[1], highest - after),
				"–", "–", Report.verdict("no growth (≤ 1 %)", percent <= 1.0));

		FlushResult result = bench.flush();
		check(result.rows() == k, "Redis memory: final flush wrote " + result.rows() + " rows, expected " + k);
		long sum = db.sum(keys);
		long expected = FIRST_DELTA * k + increments;
		check(sum == expected, "Redis memory: database holds " + sum + ", expected " + expected);
		return null;
	}

	/**
	 * Redis {@code used_memory} read after a pause: it also counts the clients' query and output
	 * buffers, which a burst of large commands leaves behind and Redis shrinks again within a
	 * second or two (its client cron), so an immediate read would count them as data.
	 */
	private static long settledUsedMemory(Bench bench) throws InterruptedException {
		Thread.sleep(MEMORY_SETTLE.toMillis());
		return bench.redisUsedMemory();
	}

	// ---------------------------------------------------------------- helpers

	/** Flushes until the database shows {@code expected} over {@code rows}, as a bounded wait. */
	private void drain(Bench bench, Db db, IdRange rows, long expected, String what) throws Exception {
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		long actual;
		do {
			bench.flush();
			actual = db.sum(rows);
			if (actual == expected) {
				return;
			}
			if (actual > expected) {
				break;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < deadline);
		check(false, what + ": database holds " + actual + ", expected " + expected);
	}

	private void check(boolean condition, String failure) {
		if (!condition) {
			this.log.info("CORRECTNESS FAILURE: " + failure);
			this.report.fail(failure);
		}
	}

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
