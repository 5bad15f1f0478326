package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** Hides its generated id, as an entity of a domain model may: no getter, no setter. */
@Entity
public class Badge {

	@Id
	@GeneratedValue
	private Long id;

	private String label;

	@BufferedCounter
	private long awarded;

	protected Badge() {
	}

	public Badge(String label) {
		this.label = label;
	}

	public String getLabel() {
		return this.label;
	}

	@Override
	public String toString() {
		return "Badge " + this.label;
	}

}
