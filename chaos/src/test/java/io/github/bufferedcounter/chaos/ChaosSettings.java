package io.github.bufferedcounter.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The size and pace of a chaos run, from system properties (Maven passes {@code -D} options on to
 * the test JVM). The defaults are the CI size: a few minutes on two cores.
 *
 * @param increments increments the workers make in all, at least 200,000 at CI size
 * @param workers worker JVMs running at once
 * @param threads load threads per worker
 * @param rows hot rows, each with two counters
 * @param duration how long the load is spread over, and faults are injected for
 * @param faultGapMin shortest pause between two faults
 * @param faultGapMax longest pause between two faults
 * @param seed seed of the run's randomness (faults and load), printed for a rerun
 * @param directory where the run keeps its files: Redis's AOF, ack logs, worker logs, the report
 */
record ChaosSettings(long increments, int workers, int threads, int rows, Duration duration, Duration faultGapMin,
		Duration faultGapMax, long seed, Path directory) {

	/** Flush interval of the workers: short, so that kills often meet a flush. */
	static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

	/** Lease of a claimed batch: short, so that the batches of killed workers come back quickly. */
	static final Duration LEASE = Duration.ofSeconds(3);

	/** Keys per batch: small, so that flushes claim several batches per shard and take the partial-claim path. */
	static final int BATCH_SIZE = 5;

	/**
	 * Reads the settings: {@code chaos.increments} (250000), {@code chaos.workers} (3),
	 * {@code chaos.threads} (8), {@code chaos.rows} (50), {@code chaos.duration} (seconds, 120),
	 * {@code chaos.fault-gap-min} and {@code chaos.fault-gap-max} (seconds, 3 and 8),
	 * {@code chaos.seed} (random) and {@code chaos.dir} ({@code target/chaos}).
	 * @return the settings
	 */
	static ChaosSettings fromSystemProperties() {
		ChaosSettings settings = new ChaosSettings(Long.getLong("chaos.increments", 250_000),
				Integer.getInteger("chaos.workers", 3), Integer.getInteger("chaos.threads", 8),
				Integer.getInteger("chaos.rows", 50), Duration.ofSeconds(Long.getLong("chaos.duration", 120)),
				Duration.ofSeconds(Long.getLong("chaos.fault-gap-min", 3)),
				Duration.ofSeconds(Long.getLong("chaos.fault-gap-max", 8)),
				Long.getLong("chaos.seed", ThreadLocalRandom.current().nextLong(1, 1_000_000_000)),
				Path.of(System.getProperty("chaos.dir", "target/chaos")).toAbsolutePath());
		if (settings.increments < settings.workers || settings.workers < 1 || settings.threads < 1
				|| settings.rows < 1 || settings.faultGapMin.compareTo(settings.faultGapMax) > 0) {
			throw new IllegalArgumentException("Inconsistent chaos settings: " + settings);
		}
		return settings;
	}

	/**
	 * Returns how the worker slots share the {@code hits} counters' digits.
	 * @return the digits
	 */
	SlotDigits slotDigits() {
		return new SlotDigits(this.workers, this.increments);
	}

	/**
	 * Returns when the run gives up, counted from its start: the load's duration twice, plus
	 * five minutes for booting, draining and a slow machine.
	 * @return the hard limit of the load phase
	 */
	Duration hardLimit() {
		return this.duration.multipliedBy(2).plusMinutes(5);
	}

}
