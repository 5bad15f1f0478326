package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.List;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;

/** A member of {@link Owner#getPets()}, counting its own visits, which orphan removal deletes. */
@Entity
public class Pet {

	@Id
	private Long id;

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
	@JoinColumn(name = "pet_id")
	private List<Visit> visits = new ArrayList<>();

	@BufferedCounter(countOf = Visit.class, collection = "visits")
	private long visitCount;

	protected Pet() {
	}

	public Pet(Long id) {
		this.id = id;
	}

	public Long getId() {
		return this.id;
	}

	public List<Visit> getVisits() {
		return this.visits;
	}

}
