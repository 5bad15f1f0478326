package io.github.bufferedcounter.benchmarks.app;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A parent row with two counts of its children: {@code childCount}, a counter cache the
 * starter keeps for {@link BenchChild}, and {@code railsCount}, a plain column that the
 * Rails-style insert of a {@link BenchRailsChild} raises in its own transaction. The harness
 * creates table {@code bench_parent} itself and inserts parents with plain SQL.
 */
@Entity
@Table(name = "bench_parent")
public class BenchParent {

	/** The counter cache field, keys {@code BenchParent:childCount:<id>}. */
	public static final String CHILD_COUNT = "childCount";

	@Id
	private Long id;

	@BufferedCounter(countOf = BenchChild.class, mappedBy = "parent")
	@Column(name = "child_count")
	private long childCount;

	@Column(name = "rails_count")
	private long railsCount;

	protected BenchParent() {
	}

	public Long getId() {
		return this.id;
	}

	public long getChildCount() {
		return this.childCount;
	}

	public long getRailsCount() {
		return this.railsCount;
	}

}
