package io.github.bufferedcounter.actuate.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.flush.LastFlush;
import io.github.bufferedcounter.store.DeltaStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the buffer: {@code DOWN} when the store cannot be reached, {@code DEGRADED} when the
 * oldest unflushed delta is older than the lag threshold, {@code UP} otherwise; the lag, pending
 * keys, dead letters and last flush in the details.
 */
public class BufferedCountersHealthIndicator implements HealthIndicator {

	/** Reported when flushing lags behind: the data is safe but the database is stale. */
	public static final Status DEGRADED = new Status("DEGRADED", "Buffered counters are flushed late");

	private final DeltaStore store;

	private final Flusher flusher;

	private final Duration lagThreshold;

	private final Clock clock;

	/**
	 * Creates the indicator.
	 * @param store the store
	 * @param flusher the flusher
	 * @param lagThreshold the lag past which the status is {@link #DEGRADED}
	 * @param clock the clock
	 */
	public BufferedCountersHealthIndicator(DeltaStore store, Flusher flusher, Duration lagThreshold, Clock clock) {
		this.store = store;
		this.flusher = flusher;
		this.lagThreshold = lagThreshold;
		this.clock = clock;
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
		return health.build();
	}

}
