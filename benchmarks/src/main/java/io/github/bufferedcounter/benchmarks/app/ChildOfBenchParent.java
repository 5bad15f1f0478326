package io.github.bufferedcounter.benchmarks.app;

import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;

/**
 * The mapping the three child entities share, so that they differ only in their table and in
 * what counts them: {@code id} an identity column, {@code parent_id} a foreign key with an
 * index of its own (both created by the harness).
 */
@MappedSuperclass
public abstract class ChildOfBenchParent {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "parent_id")
	private BenchParent parent;

	protected ChildOfBenchParent() {
	}

	protected ChildOfBenchParent(BenchParent parent) {
		this.parent = parent;
	}

	public Long getId() {
		return this.id;
	}

	public BenchParent getParent() {
		return this.parent;
	}

}
