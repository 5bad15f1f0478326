package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The lag figure: how long an increment takes to be visible in the database under a paced
 * load of many threads.
 */
final class LagFigure extends Figures {

	private static final int LAG_THREADS = 64;

	LagFigure(Figures shared) {
		super(shared);
	}

	Void lag(Bench bench, Db db) throws Exception {
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

}
