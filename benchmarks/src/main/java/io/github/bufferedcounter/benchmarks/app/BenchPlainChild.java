package io.github.bufferedcounter.benchmarks.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The same child as {@link BenchChild}, counted by nothing: what the insert costs without
 * a counter.
 *
 * <p>Table {@code bench_plain_child}, created by the harness; mapped as {@link ChildOfBenchParent}.
 */
@Entity
@Table(name = "bench_plain_child")
public class BenchPlainChild extends ChildOfBenchParent {

	protected BenchPlainChild() {
	}

	public BenchPlainChild(BenchParent parent) {
		super(parent);
	}

}
