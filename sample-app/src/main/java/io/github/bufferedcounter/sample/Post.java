package io.github.bufferedcounter.sample;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A blog post with two buffered counters. Increments of {@code views} and {@code likes} go
 * through {@link io.github.bufferedcounter.BufferedCounters} and reach these columns with the
 * next flush; Hibernate never writes them back when a post is saved.
 */
@Entity
public class Post {

	/** Name of the views counter, for {@code BufferedCounters}. */
	public static final String VIEWS = "views";

	/** Name of the likes counter, for {@code BufferedCounters}. */
	public static final String LIKES = "likes";

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false)
	private String title;

	@BufferedCounter
	private long views;

	@BufferedCounter
	private long likes;

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

	/**
	 * Returns the views as stored in the database, without what is still buffered.
	 * @return the stored views
	 */
	public long getViews() {
		return this.views;
	}

	/**
	 * Returns the likes as stored in the database, without what is still buffered.
	 * @return the stored likes
	 */
	public long getLikes() {
		return this.likes;
	}

}
