package io.github.bufferedcounter.sample;

import java.util.List;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A blog post with four buffered counters. All of them reach these columns with the next flush,
 * and Hibernate never writes them back when a post is saved.
 *
 * <ul>
 * <li>{@code views} and {@code likes} are plain counters: the application increments them
 * through {@link io.github.bufferedcounter.BufferedCounters}.</li>
 * <li>{@code commentCount} and {@code approvedComments} are counter caches: nobody increments
 * them. The starter's Hibernate listeners see a {@link Comment} inserted, deleted, moved to
 * another post or (un)approved, and buffer the change once the transaction commits.
 * {@code approvedComments} counts only the comments whose {@code approved} is {@code true}.</li>
 * </ul>
 */
@Entity
public class Post {

	/** Name of the views counter, for {@code BufferedCounters}. */
	public static final String VIEWS = "views";

	/** Name of the likes counter, for {@code BufferedCounters}. */
	public static final String LIKES = "likes";

	/** Name of the counter cache of all comments. */
	public static final String COMMENTS = "commentCount";

	/** Name of the counter cache of approved comments. */
	public static final String APPROVED_COMMENTS = "approvedComments";

	/** Name of the unique counter of viewers, which counts distinct visitor ids. */
	public static final String UNIQUE_VIEWERS = "uniqueViewers";

	/** The counters of a post, in the order the API and the dashboard show them. */
	public static final List<String> COUNTERS = List.of(VIEWS, LIKES, COMMENTS, APPROVED_COMMENTS);

	/** The counters kept by the starter from the comment rows, which can be verified and recalculated. */
	public static final List<String> COUNTER_CACHES = List.of(COMMENTS, APPROVED_COMMENTS);

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false)
	private String title;

	@BufferedCounter
	@CounterRollup(RollupPeriod.DAY)
	private long views;

	@BufferedCounter
	private long likes;

	@BufferedCounter(countOf = Comment.class, mappedBy = "post")
	private long commentCount;

	@BufferedCounter(countOf = Comment.class, mappedBy = "post", onlyIf = "approved")
	private long approvedComments;

	@BufferedCounter(unique = true)
	private long uniqueViewers;

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
	 * Returns the approved comment count as stored in the database, without what is still
	 * buffered.
	 * @return the stored approved comment count
	 */
	public long getApprovedComments() {
		return this.approvedComments;
	}

	/**
	 * Returns the unique viewers as stored in the database: the estimate the last flush wrote.
	 * @return the stored unique viewers
	 */
	public long getUniqueViewers() {
		return this.uniqueViewers;
	}

	/**
	 * Returns the stored value of one counter.
	 * @param counter one of {@link #COUNTERS}
	 * @return the stored value
	 */
	public long stored(String counter) {
		return switch (counter) {
			case VIEWS -> this.views;
			case LIKES -> this.likes;
			case COMMENTS -> this.commentCount;
			case APPROVED_COMMENTS -> this.approvedComments;
			default -> throw new IllegalArgumentException("Unknown counter " + counter + "; valid: " + COUNTERS);
		};
	}

}
