package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Tag {

	@Id
	private String name;

	@BufferedCounter
	private Long uses = 0L;

	protected Tag() {
	}

	public Tag(String name) {
		this.name = name;
	}

	public String getName() {
		return this.name;
	}

}
