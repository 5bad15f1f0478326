package io.github.bufferedcounter.slice;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Story {

	@Id
	private Long id;

	private String title;

	@BufferedCounter
	private long views;

	@BufferedCounter(countOf = Remark.class, mappedBy = "story")
	private long remarkCount;

	protected Story() {
	}

	public Story(Long id, String title) {
		this.id = id;
		this.title = title;
	}

	public Long getId() {
		return this.id;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public long getViews() {
		return this.views;
	}

	public void setViews(long views) {
		this.views = views;
	}

}
