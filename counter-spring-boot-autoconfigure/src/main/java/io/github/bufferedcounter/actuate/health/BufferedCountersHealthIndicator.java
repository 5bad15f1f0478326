package io.github.bufferedcounter.actuate.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.flush.LastFlush;
import io.github.bufferedcounter.schema.CounterTables;
import io.github.bufferedcounter.schema.SchemaStatus;
import io.github.bufferedcounter.store.DeltaStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the buffer: {@code DOWN} when the store cannot be reached or the starter's tables are
 * missing or lack a column, {@code DEGRADED} when the oldest unflushed delta is older than the lag
 * threshold, {@code UP} otherwise; the lag, pending keys, dead letters and last flush in the
 * details, and what is wrong with the tables in {@code schema}. Tables found missing are checked
 * again at each call, so health recovers once a migration created them.
 */
public class BufferedCountersHealthIndicator implements HealthIndicator {

	/** Reported when flushing lags behind: the data is safe but the database is stale. */
	public static final Status DEGRADED = new Status("DEGRADED", "Buffered counters are flushed late");

	private final DeltaStore store;

	private final Flusher flusher;

	private final Duration lagThreshold;

	private final Clock clock;

	private final CounterTables tables;

	/**
	 * Creates the indicator, without a check of the tables.
	 * @param store the store
	 * @param flusher the flusher
	 * @param lagThreshold the lag past which the status is {@link #DEGRADED}
	 * @param clock the clock
	 */
	public BufferedCountersHealthIndicator(DeltaStore store, Flusher flusher, Duration lagThreshold, Clock clock) {
		this(store, flusher, lagThreshold, clock, null);
	}

	/**
	 * Creates the indicator.
	 * @param store the store
	 * @param flusher the flusher
	 * @param lagThreshold the lag past which the status is {@link #DEGRADED}
	 * @param clock the clock
	 * @param tables the check of the starter's tables, or {@code null} to leave them out
	 */
	public BufferedCountersHealthIndicator(DeltaStore store, Flusher flusher, Duration lagThreshold, Clock clock,
			CounterTables tables) {
		this.store = store;
		this.flusher = flusher;
		this.lagThreshold = lagThreshold;
		this.clock = clock;
		this.tables = tables;
	}

	@Override
	public Health health() {
		long pendingKeys;
		long deadLetters;
		Duration lag;
		try {
			pendingKeys = this.store.pendingKeyCount();
			deadLetters = this.store.deadLetterCount();
			lag = this.store.oldestPending()
				.map((oldest) -> Duration.between(oldest, this.clock.instant()))
				.orElse(Duration.ZERO);
		}
		catch (RuntimeException ex) {
			return Health.down(ex).withDetail("spilledKeys", this.store.spilledKeys()).build();
		}
		Health.Builder health = lag.compareTo(this.lagThreshold) > 0 ? Health.status(DEGRADED) : Health.up();
		health.withDetail("pendingKeys", pendingKeys)
			.withDetail("lag", lag.toString())
			.withDetail("lagThreshold", this.lagThreshold.toString())
			.withDetail("deadLetters", deadLetters)
			.withDetail("spilledKeys", this.store.spilledKeys())
			.withDetail("paused", this.flusher.isPaused())
			.withDetail("backingOff", this.flusher.isBackingOff());
		Optional.ofNullable(this.flusher.lastFlush())
			.map(LastFlush::outcome)
			.ifPresent((outcome) -> health.withDetail("lastFlush", outcome));
		SchemaStatus schema = (this.tables != null) ? this.tables.check() : null;
		if (schema != null && !schema.isValid()) {
			health.withDetail("schema", schema.description());
			if (schema.outcome() == SchemaStatus.Outcome.INVALID) {
				health.down();
			}
		}
		return health.build();
	}

}
