package io.github.bufferedcounter.schema;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An application's entity whose table its own migrations create. */
@Entity
public class Page {

	@Id
	private Long id;

	private String title;

	@BufferedCounter
	@CounterRollup(RollupPeriod.DAY)
	private long views;

	protected Page() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public long getViews() {
		return this.views;
	}

}
