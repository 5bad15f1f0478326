package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The counter cache figures: a child insert counted by a counter cache against the same insert
 * uncounted and against a Rails-style synchronous parent update, and one {@code recalculateAll}
 * over a million parents.
 */
final class CounterCacheFigures extends Figures {

	/** Each way of inserting a child runs this many times, taking turns with the others. */
	private static final int INSERT_ROUNDS = 5;

	private static final String PLAIN = "plain insert";

	private static final String COUNTED = "counter cache insert";

	private static final String RAILS = "rails-style insert";

	private static final double INSERT_COST_TARGET = 1.2;

	private static final int RECOUNT_CHILDREN_PER_PARENT = 2;

	CounterCacheFigures(Figures shared) {
		super(shared);
	}

	/**
	 * The same child insert three ways, each in a JPA transaction of its own, on parents of
	 * its own, taking {@link Turns turns}: a warm-up turn each, so that the first measured turn
	 * does not compile the insert path for the others, then {@link #INSERT_ROUNDS} rounds.
	 */
	Void childInserts(Bench bench, Db db) throws Exception {
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

	/**
	 * Fills the parent table up to {@link Size#recountParents()} rows, with counters that
	 * drifted and children inserted by SQL, which the listeners never saw, then times one
	 * {@code recalculateAll} and checks every parent against its children in SQL.
	 */
	Void recalculateAll(Bench bench, Db db) throws Exception {
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

}
