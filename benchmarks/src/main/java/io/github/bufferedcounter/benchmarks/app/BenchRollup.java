package io.github.bufferedcounter.benchmarks.app;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row with one buffered counter rolled up by day, for the rollup flush figure. The harness
 * creates table {@code bench_rollup} ({@code id bigint primary key, n bigint not null default 0}).
 */
@Entity
@Table(name = "bench_rollup")
public class BenchRollup {

	/** The counter field. */
	public static final String FIELD = "n";

	@Id
	private Long id;

	@BufferedCounter
	@CounterRollup(RollupPeriod.DAY)
	private long n;

	protected BenchRollup() {
	}

	public Long getId() {
		return this.id;
	}

}
