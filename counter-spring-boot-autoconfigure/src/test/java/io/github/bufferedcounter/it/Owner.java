package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Counts the members of its collections, as Spring PetClinic maps them: a unidirectional
 * {@code @OneToMany} with a {@code @JoinColumn}, and a {@code @ManyToMany} through a join table.
 */
@Entity
@Table(name = "pet_owner")
public class Owner {

	@Id
	private Long id;

	@Version
	private long version;

	@OneToMany(cascade = CascadeType.ALL)
	@JoinColumn(name = "owner_id")
	private List<Pet> pets = new ArrayList<>();

	@ManyToMany
	@JoinTable(name = "owner_label")
	private Set<Label> labels = new HashSet<>();

	@BufferedCounter(countOf = Pet.class, collection = "pets")
	private long petCount;

	@BufferedCounter(countOf = Label.class, collection = "labels")
	private Long labelCount = 0L;

	protected Owner() {
	}

	public Owner(Long id) {
		this.id = id;
	}

	public Long getId() {
		return this.id;
	}

	public List<Pet> getPets() {
		return this.pets;
	}

	public void setPets(List<Pet> pets) {
		this.pets = pets;
	}

	public Set<Label> getLabels() {
		return this.labels;
	}

}
