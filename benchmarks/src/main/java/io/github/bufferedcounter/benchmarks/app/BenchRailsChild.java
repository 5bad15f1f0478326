package io.github.bufferedcounter.benchmarks.app;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * The same child as {@link BenchChild}, counted the way a Rails {@code counter_cache} does
 * it: the insert and an {@code UPDATE} of the parent's {@code rails_count} in one transaction.
 *
 * <p>Table {@code bench_rails_child}, created by the harness: {@code id} an identity column,
 * {@code parent_id} a foreign key with an index of its own.
 */
@Entity
@Table(name = "bench_rails_child")
public class BenchRailsChild {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "parent_id")
	private BenchParent parent;

	protected BenchRailsChild() {
	}

	public BenchRailsChild(BenchParent parent) {
		this.parent = parent;
	}

	public Long getId() {
		return this.id;
	}

	public BenchParent getParent() {
		return this.parent;
	}

}
