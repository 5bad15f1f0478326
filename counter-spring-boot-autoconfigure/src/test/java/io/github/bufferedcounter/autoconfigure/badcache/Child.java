package io.github.bufferedcounter.autoconfigure.badcache;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** The counted entity of the broken counter caches. */
@Entity
public class Child {

	@Id
	Long id;

	@ManyToOne
	Other other;

	String title;

	long likes;

	boolean approved;

	Kind kind;

	Instant removedAt;

	/** An enum attribute for the conditions. */
	public enum Kind {

		/** A small one. */
		SMALL,

		/** A big one. */
		BIG

	}

}
