package io.github.bufferedcounter.actuate.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.flush.LastFlush;
import io.github.bufferedcounter.schema.CounterTables;
import io.github.bufferedcounter.schema.SchemaStatus;
import io.github.bufferedcounter.store.DeltaStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the buffer, for operators rather than for probes:
 * <ul>
 * <li>{@code DOWN} when the starter's tables are missing or lack a column, when flushes have
 * failed (or left batches for a retry) for longer than the lag threshold, or when the store
 * cannot be reached and nothing holds the increments meanwhile (no spill buffer, or a full one);</li>
 * <li>{@link #DEGRADED} when the store cannot be reached but the spill buffer holds the
 * increments, or when the oldest unflushed delta is older than the lag threshold;</li>
 * <li>{@code UP} otherwise.</li>
 * </ul>
 * The lag, pending keys, dead letters, last flush and what is wrong are in the details. Tables
 * found missing are checked again at each call, so health recovers once a migration created them.
 */
public class BufferedCountersHealthIndicator implements HealthIndicator {

	/** Reported when flushing lags behind: the data is safe but the database is stale. */
	public static final Status DEGRADED = new Status("DEGRADED", "Buffered counters are flushed late");

	private final DeltaStore store;

	private final Flusher flusher;

	private final Duration lagThreshold;

	private final Clock clock;

	private final CounterTables tables;

	private final int spillLimit;

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
			@Nullable CounterTables tables) {
		this(store, flusher, lagThreshold, clock, tables, 0);
	}

	/**
	 * Creates the indicator.
	 * @param store the store
	 * @param flusher the flusher
	 * @param lagThreshold the lag past which the status is {@link #DEGRADED}, and the time past
	 * which failing flushes make it {@code DOWN}
	 * @param clock the clock
	 * @param tables the check of the starter's tables, or {@code null} to leave them out
	 * @param spillLimit the keys the store holds in process while it cannot reach Redis; 0 if none
	 */
	public BufferedCountersHealthIndicator(DeltaStore store, Flusher flusher, Duration lagThreshold, Clock clock,
			@Nullable CounterTables tables, int spillLimit) {
		this.spillLimit = spillLimit;
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
			return unreachable(ex);
		}
		Health.Builder health = lag.compareTo(this.lagThreshold) > 0 ? Health.status(DEGRADED) : Health.up();
		Instant failingSince = this.flusher.failingSince();
		if (failingSince != null) {
			health.withDetail("failingSince", failingSince.toString());
			if (Duration.between(failingSince, this.clock.instant()).compareTo(this.lagThreshold) > 0) {
				health.down();
			}
		}
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

	/**
	 * The store cannot be reached: while the spill buffer holds the increments nothing is lost
	 * and callers go on, so that is {@link #DEGRADED}; without room for them it is {@code DOWN}.
	 */
	private Health unreachable(RuntimeException ex) {
		int spilled = this.store.spilledKeys();
		Health.Builder health = (spilled < this.spillLimit) ? Health.status(DEGRADED) : Health.down();
		return health.withException(ex)
			.withDetail("store", "unreachable")
			.withDetail("spilledKeys", spilled)
			.withDetail("spillLimit", this.spillLimit)
			.build();
	}

}
