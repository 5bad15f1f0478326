package io.github.bufferedcounter.sample;

import java.time.Clock;
import java.util.Optional;

import io.github.bufferedcounter.BufferedCounters;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and deletes comments, keeping {@link Post#COMMENTS} in step. The counter changes
 * through {@link BufferedCounters} inside the same {@code @Transactional} method as the insert
 * or delete: the increment reaches the buffer only if the transaction commits, and a rollback
 * discards it together with the row.
 *
 * <p>This is the manual form of a counter cache. When the library supports
 * {@code @BufferedCounter(countOf = Comment.class, mappedBy = "post")}, the two
 * {@code increment} calls go away.
 */
@Service
public class CommentService {

	private final PostRepository posts;

	private final CommentRepository comments;

	private final BufferedCounters counters;

	private final Clock clock;

	public CommentService(PostRepository posts, CommentRepository comments, BufferedCounters counters) {
		this.posts = posts;
		this.comments = comments;
		this.counters = counters;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Adds a comment to a post and counts it.
	 * @param postId the post
	 * @param body the text
	 * @return the new comment, or empty if there is no such post
	 */
	@Transactional
	public Optional<Comment> create(long postId, String body) {
		if (!this.posts.existsById(postId)) {
			return Optional.empty();
		}
		Comment comment = this.comments.save(new Comment(this.posts.getReferenceById(postId), body,
				this.clock.instant()));
		this.counters.increment(Post.class, postId, Post.COMMENTS, 1);
		return Optional.of(comment);
	}

	/**
	 * Deletes a comment of a post and uncounts it. Of two concurrent deletes of one comment, only
	 * the one that deleted the row decrements the count.
	 * @param postId the post
	 * @param commentId the comment
	 * @return whether the comment existed and was deleted
	 */
	@Transactional
	public boolean delete(long postId, long commentId) {
		if (this.comments.deleteFromPost(postId, commentId) == 0) {
			return false;
		}
		this.counters.increment(Post.class, postId, Post.COMMENTS, -1);
		return true;
	}

}
