package io.github.bufferedcounter.benchmarks.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A child that {@link BenchParent#getChildCount()} counts: inserting one adds 1 to its
 * parent's counter cache in the buffer once the transaction commits.
 *
 * <p>Table {@code bench_child}, created by the harness; mapped as {@link ChildOfBenchParent}.
 */
@Entity
@Table(name = "bench_child")
public class BenchChild extends ChildOfBenchParent {

	protected BenchChild() {
	}

	public BenchChild(BenchParent parent) {
		super(parent);
	}

}
