package io.github.bufferedcounter.it;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A member of {@link Pet#getVisits()}. */
@Entity
public class Visit {

	@Id
	private Long id;

	protected Visit() {
	}

	public Visit(Long id) {
		this.id = id;
	}

}
