package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A String id longer than a rollup bucket's {@code holder_id} takes, for a bucket failing alone. */
@Entity
public class Topic {

	@Id
	@Column(length = 300)
	private String name;

	@BufferedCounter
	@CounterRollup(RollupPeriod.DAY)
	private long mentions;

	protected Topic() {
	}

	public Topic(String name) {
		this.name = name;
	}

}
