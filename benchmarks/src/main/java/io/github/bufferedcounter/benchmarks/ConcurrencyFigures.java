package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest where web applications call from: 16, 64 and 200 platform threads and 200 virtual
 * threads (Tomcat's default pool, and {@code spring.threads.virtual.enabled}), each the three
 * ways in turns: (a) direct JPA, (b) the redis store and (e) raw Redis, one {@code HINCRBY} per
 * call. Run once in a configuration without actuator and once in one with it (observations on).
 */
final class ConcurrencyFigures extends Figures {

	/**
	 * How many threads, of which kind.
	 * @param key the row's key suffix
	 * @param kind platform or virtual
	 * @param threads how many
	 * @param target what (b) must reach against (e)
	 */
	record Level(String key, Workers kind, int threads, double target) {

		String describe() {
			return this.threads + " " + this.kind.name().toLowerCase(Locale.ROOT) + " threads";
		}

	}

	static final List<Level> LEVELS = List.of(new Level("16", Workers.PLATFORM, 16, 1.0),
			new Level("64", Workers.PLATFORM, 64, 1.5), new Level("200", Workers.PLATFORM, 200, 1.5),
			new Level("200v", Workers.VIRTUAL, 200, 1.5));

	private static final String DIRECT = "direct JPA (a)";

	private static final String REDIS_STORE = "redis store (b)";

	private static final String RAW_REDIS = "raw redis (e)";

	private static final int ROUNDS = 5;

	ConcurrencyFigures(Figures shared) {
		super(shared);
	}

	/** The row keys of one configuration, in table order. */
	static List<String> rowKeys(String configuration) {
		return LEVELS.stream().map((level) -> configuration + "-" + level.key()).toList();
	}

	/**
	 * Runs every level in a booted configuration and puts one row per level.
	 * @param configuration names the rows: {@code threads} or {@code observed}
	 * @param described how the configuration is set up, for the rows
	 */
	Void allLevels(Bench bench, Db db, String configuration, String described) throws Exception {
		for (Level level : LEVELS) {
			String key = configuration + "-" + level.key();
			String figure = "ingest, " + HOT_ROWS + " hot rows, " + level.describe() + ", " + described + ": "
					+ REDIS_STORE;
			if (!level.kind().available()) {
				row(key, figure, "not run", "–", "–", "needs Java 21 or later");
				continue;
			}
			Turns turns = inTurns(bench, db, level);
			row(key, figure, Report.perSecond(turns.total(REDIS_STORE).rate()),
					String.format(Locale.ROOT, "%s (a); %s (e)", Report.perSecond(turns.total(DIRECT).rate()),
							Report.perSecond(turns.total(RAW_REDIS).rate())),
					ratios(turns), Report.verdict(String.format(Locale.ROOT, "≥ %.1fx (e)", level.target()),
							turns.cost(RAW_REDIS, REDIS_STORE) >= level.target()));
		}
		return null;
	}

	private static String ratios(Turns turns) {
		double[] range = turns.costRange(RAW_REDIS, REDIS_STORE);
		return String.format(Locale.ROOT, "%.1fx (a); %.2fx (e), %.2fx to %.2fx by round",
				turns.cost(DIRECT, REDIS_STORE), turns.cost(RAW_REDIS, REDIS_STORE), range[0], range[1]);
	}

	/**
	 * A warm-up of each way, then {@link #ROUNDS} rounds of (a), (b), (e), each turn after an
	 * unmeasured start; then checks every total: (a) in the database, (e) in its hash, (b) in
	 * the database once flushed.
	 */
	private Turns inTurns(Bench bench, Db db, Level level) throws Exception {
		IdRange direct = db.insertRows(HOT_ROWS);
		IdRange buffered = db.insertRows(HOT_ROWS);
		Duration turn = this.size.ingest().dividedBy(ROUNDS);
		Duration turnWarmup = this.size.ingestWarmup().dividedBy(4);
		this.log.info(String.format(Locale.ROOT, "Ingest at %s, %s: (a), (b), (e) on %d rows; a warm-up of %,d ms "
				+ "each, then %d rounds of %,d ms (after %,d ms unmeasured) each", level.describe(), bench.name,
				HOT_ROWS, this.size.ingestWarmup().toMillis(), ROUNDS, turn.toMillis(), turnWarmup.toMillis()));
		Map<String, Load.Op> ways = new LinkedHashMap<>();
		ways.put(DIRECT, (thread, i) -> bench.repository.incrementDirectly(direct.id((int) ((thread + i) % HOT_ROWS))));
		ways.put(REDIS_STORE, (thread, i) -> bench.increment(buffered.id((int) ((thread + i) % HOT_ROWS))));
		ways.put(RAW_REDIS, (thread, i) -> bench.incrementRawRedis((thread + i) % HOT_ROWS));
		Turns turns = Turns.take(ways, level.kind(), level.threads(), ROUNDS, this.size.ingestWarmup(), turnWarmup,
				turn, this.log);
		String what = "ingest at " + level.describe() + ", " + bench.name;
		check(db.sum(direct) == turns.total(DIRECT).total(), what + ", direct JPA: database holds "
				+ db.sum(direct) + ", expected " + turns.total(DIRECT).total());
		long raw = bench.takeRawRedisTotal();
		check(raw == turns.total(RAW_REDIS).total(),
				what + ", raw redis: the hash holds " + raw + ", expected " + turns.total(RAW_REDIS).total());
		drain(bench, db, buffered, turns.total(REDIS_STORE).total(), what + ", redis store");
		return turns;
	}

}
