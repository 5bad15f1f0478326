package io.github.bufferedcounter.autoconfigure.badcache;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity that {@link Child} points at, holding no counter. */
@Entity
public class Other {

	@Id
	Long id;

}
