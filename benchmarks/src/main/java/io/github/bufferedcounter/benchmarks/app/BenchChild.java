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
 * A child that {@link BenchParent#getChildCount()} counts: inserting one adds 1 to its
 * parent's counter cache in the buffer once the transaction commits.
 *
 * <p>Table {@code bench_child}, created by the harness: {@code id} an identity column,
 * {@code parent_id} a foreign key with an index of its own.
 */
@Entity
@Table(name = "bench_child")
public class BenchChild {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "parent_id")
	private BenchParent parent;

	protected BenchChild() {
	}

	public BenchChild(BenchParent parent) {
		this.parent = parent;
	}

	public Long getId() {
		return this.id;
	}

	public BenchParent getParent() {
		return this.parent;
	}

}
