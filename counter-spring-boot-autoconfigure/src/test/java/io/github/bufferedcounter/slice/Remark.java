package io.github.bufferedcounter.slice;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Remark {

	@Id
	private Long id;

	@ManyToOne
	private Story story;

	protected Remark() {
	}

	public Remark(Long id, Story story) {
		this.id = id;
		this.story = story;
	}

}
