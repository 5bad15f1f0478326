package io.github.bufferedcounter.benchmarks;

import java.time.Duration;
import java.util.Locale;

/**
 * How big a run is. {@code full} gives the published figures; {@code tiny} runs every step on
 * small numbers in well under a minute, to keep the harness working.
 *
 * @param name the name on the command line
 * @param ingestWarmup warm-up of each ingest figure, not counted
 * @param ingest measured time of each ingest figure
 * @param flushRows distinct dirty rows written by the timed flush
 * @param lagRate target increments per second during the lag figure
 * @param lagDuration how long that load runs
 * @param lagRows rows the lag load is spread over (the probe rows come on top)
 * @param memoryKeys distinct pending keys for the Redis memory figure
 * @param memorySustain how long increments go on over those keys once they exist
 * @param recountParents parent rows the table holds when {@code recalculateAll} recounts it
 */
record Size(String name, Duration ingestWarmup, Duration ingest, int flushRows, int lagRate, Duration lagDuration,
		int lagRows, int memoryKeys, Duration memorySustain, int recountParents) {

	static final Size FULL = new Size("full", Duration.ofSeconds(2), Duration.ofSeconds(10), 200_000, 50_000,
			Duration.ofSeconds(10), 10_000, 100_000, Duration.ofMinutes(1), 1_000_000);

	static final Size TINY = new Size("tiny", Duration.ofMillis(200), Duration.ofMillis(500), 2_000, 5_000,
			Duration.ofSeconds(3), 1_000, 5_000, Duration.ofSeconds(2), 5_000);

	static Size of(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "full" -> FULL;
			case "tiny" -> TINY;
			default -> throw new IllegalArgumentException("--size must be tiny or full, not '" + name + "'");
		};
	}

}
