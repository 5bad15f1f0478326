package io.github.bufferedcounter.chaos.worker;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A child row that {@link ChaosCounter#ENTRIES} counts through the starter's counter cache
 * listeners: inserting one in a transaction that commits adds 1 to its counter's
 * {@code entries}. Its id is unique in the run, so the driver can tell which inserts committed.
 */
@Entity
@Table(name = "chaos_entry")
public class ChaosEntry {

	@Id
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "counter_id")
	private ChaosCounter counter;

	protected ChaosEntry() {
	}

	ChaosEntry(long id, ChaosCounter counter) {
		this.id = id;
		this.counter = counter;
	}

	public Long getId() {
		return this.id;
	}

}
