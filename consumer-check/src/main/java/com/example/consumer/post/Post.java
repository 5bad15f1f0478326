package com.example.consumer.post;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
public class Post {

	@Id
	@GeneratedValue
	private Long id;

	private String title;

	@BufferedCounter
	private long views;

	@BufferedCounter(countOf = Comment.class, mappedBy = "post")
	private long commentCount;

	protected Post() {
	}

	public Post(String title) {
		this.title = title;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public long getViews() {
		return this.views;
	}

	public long getCommentCount() {
		return this.commentCount;
	}

	public void setTitle(String title) {
		this.title = title;
	}

}
