package io.github.bufferedcounter.chaos.worker;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One hot row with two buffered counters: {@code hits}, a {@code long} that every increment
 * raises by 1, and {@code points}, an {@code Integer} raised by 1 to 5. The driver creates
 * table {@code chaos_counter} and its rows with plain SQL before the workers start.
 */
@Entity
@Table(name = "chaos_counter")
public class ChaosCounter {

	/** The {@code long} counter. */
	public static final String HITS = "hits";

	/** The {@code Integer} counter. */
	public static final String POINTS = "points";

	@Id
	private Long id;

	@BufferedCounter
	private long hits;

	@BufferedCounter
	@CounterRollup({ RollupPeriod.HOUR, RollupPeriod.DAY })
	private Integer points = 0;

	protected ChaosCounter() {
	}

	public Long getId() {
		return this.id;
	}

	public long getHits() {
		return this.hits;
	}

	public Integer getPoints() {
		return this.points;
	}

}
