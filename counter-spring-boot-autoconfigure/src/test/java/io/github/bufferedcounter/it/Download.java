package io.github.bufferedcounter.it;

import java.util.UUID;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Download {

	@Id
	private UUID id;

	@BufferedCounter
	private int count;

	protected Download() {
	}

	public Download(UUID id) {
		this.id = id;
	}

	public UUID getId() {
		return this.id;
	}

}
