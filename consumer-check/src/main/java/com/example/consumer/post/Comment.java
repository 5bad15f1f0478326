package com.example.consumer.post;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Comment {

	@Id
	@GeneratedValue
	private Long id;

	@ManyToOne
	private Post post;

	protected Comment() {
	}

	public Comment(Post post) {
		this.post = post;
	}

}
