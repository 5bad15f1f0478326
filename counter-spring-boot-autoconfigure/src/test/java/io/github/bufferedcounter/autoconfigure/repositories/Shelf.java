package io.github.bufferedcounter.autoconfigure.repositories;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Shelf {

	@Id
	private Long id;

	@BufferedCounter
	private long visits;

}
