package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.CheckConstraint;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A unique counter whose column refuses estimates from 3 up, so that a flush meets a row that refuses. */
@Entity
public class Poll {

	@Id
	private Long id;

	@BufferedCounter(unique = true)
	@Column(check = @CheckConstraint(constraint = "voters < 3"))
	private Long voters;

	protected Poll() {
	}

}
