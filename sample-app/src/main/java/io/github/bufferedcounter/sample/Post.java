package io.github.bufferedcounter.sample;

import java.util.List;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A blog post with three buffered counters. Increments of {@code views}, {@code likes} and
 * {@code commentCount} go through {@link io.github.bufferedcounter.BufferedCounters} and reach
 * these columns with the next flush; Hibernate never writes them back when a post is saved.
 *
 * <p>{@code commentCount} is a plain buffered counter that {@link CommentService} increments and
 * decrements in the transaction that inserts or deletes a {@link Comment}. Once the library has
 * counter caches ({@code @BufferedCounter(countOf = ..., mappedBy = ...)}) it can be declared as
 * one and the explicit increments go away.
 */
@Entity
public class Post {

	/** Name of the views counter, for {@code BufferedCounters}. */
	public static final String VIEWS = "views";

	/** Name of the likes counter, for {@code BufferedCounters}. */
	public static final String LIKES = "likes";

	/** Name of the comment counter, for {@code BufferedCounters}. */
	public static final String COMMENTS = "commentCount";

	/** The counters of a post, in the order the API and the dashboard show them. */
	public static final List<String> COUNTERS = List.of(VIEWS, LIKES, COMMENTS);

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false)
	private String title;

	@BufferedCounter
	private long views;

	@BufferedCounter
	private long likes;

	@BufferedCounter
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

	/**
	 * Returns the comment count as stored in the database, without what is still buffered.
	 * @return the stored comment count
	 */
	public long getCommentCount() {
		return this.commentCount;
	}

	/**
	 * Returns the stored value of one counter.
	 * @param counter {@link #VIEWS}, {@link #LIKES} or {@link #COMMENTS}
	 * @return the stored value
	 */
	public long stored(String counter) {
		return switch (counter) {
			case VIEWS -> this.views;
			case LIKES -> this.likes;
			case COMMENTS -> this.commentCount;
			default -> throw new IllegalArgumentException("Unknown counter " + counter + "; valid: " + COUNTERS);
		};
	}

}
