package io.github.bufferedcounter.it;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity without buffered counters. */
@Entity
public class Comment {

	@Id
	private Long id;

	private long likes;

}
