package io.github.bufferedcounter.benchmarks.app;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row with one buffered counter. The harness creates table {@code bench_counter} itself
 * ({@code id bigint primary key, n bigint not null default 0}) and inserts rows with plain SQL.
 */
@Entity
@Table(name = "bench_counter")
public class BenchCounter {

	/** The counter field; keys look like {@code BenchCounter:n:<id>}. */
	public static final String FIELD = "n";

	@Id
	private Long id;

	@BufferedCounter
	private long n;

	protected BenchCounter() {
	}

	public Long getId() {
		return this.id;
	}

	public long getN() {
		return this.n;
	}

}
