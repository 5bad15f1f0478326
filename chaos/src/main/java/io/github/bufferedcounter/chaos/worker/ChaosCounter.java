package io.github.bufferedcounter.chaos.worker;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One hot row with three buffered counters: {@code hits}, a {@code long} that every increment
 * raises by its worker slot's unit (1, 10^6, 10^12 with three slots, so that the value tells
 * each slot's sum apart), {@code points}, an {@code Integer} raised by 1 to 5 with HOUR and DAY
 * rollups, and {@code entries}, a counter cache of its {@link ChaosEntry} rows. The driver
 * creates the tables and the rows with plain SQL before the workers start.
 */
@Entity
@Table(name = "chaos_counter")
public class ChaosCounter {

	/** The {@code long} counter. */
	public static final String HITS = "hits";

	/** The {@code Integer} counter. */
	public static final String POINTS = "points";

	/** The counter cache of {@link ChaosEntry} rows. */
	public static final String ENTRIES = "entries";

	@Id
	private Long id;

	@BufferedCounter
	private long hits;

	@BufferedCounter
	@CounterRollup({ RollupPeriod.HOUR, RollupPeriod.DAY })
	private Integer points = 0;

	@BufferedCounter(countOf = ChaosEntry.class, mappedBy = "counter")
	private long entries;

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

	public long getEntries() {
		return this.entries;
	}

}
