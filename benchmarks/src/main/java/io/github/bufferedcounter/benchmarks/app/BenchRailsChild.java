package io.github.bufferedcounter.benchmarks.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The same child as {@link BenchChild}, counted the way a Rails {@code counter_cache} does
 * it: the insert and an {@code UPDATE} of the parent's {@code rails_count} in one transaction.
 *
 * <p>Table {@code bench_rails_child}, created by the harness; mapped as {@link ChildOfBenchParent}.
 */
@Entity
@Table(name = "bench_rails_child")
public class BenchRailsChild extends ChildOfBenchParent {

	protected BenchRailsChild() {
	}

	public BenchRailsChild(BenchParent parent) {
		super(parent);
	}

}
