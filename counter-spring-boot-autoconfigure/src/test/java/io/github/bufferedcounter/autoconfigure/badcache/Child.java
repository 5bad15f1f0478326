package io.github.bufferedcounter.autoconfigure.badcache;

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

}
