package io.github.bufferedcounter.it;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A member of {@link Owner#getLabels()}, many-to-many. */
@Entity
public class Label {

	@Id
	private Long id;

	protected Label() {
	}

	public Label(Long id) {
		this.id = id;
	}

	public Long getId() {
		return this.id;
	}

}
