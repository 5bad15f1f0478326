package io.github.bufferedcounter.sample;

import java.time.Clock;
import java.util.Optional;

import io.github.bufferedcounter.BufferedCounters;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, approves, moves and deletes comments. None of these methods touches a counter: the
 * post's {@code commentCount} and {@code approvedComments} are counter caches, kept by the
 * starter's Hibernate listeners from the inserts, updates and deletes of this transaction, and
 * buffered only if it commits.
 *
 * <p>Changes go through a comment loaded with a row lock
 * ({@link CommentRepository#findOnPostForUpdate}). The listeners count the difference between
 * the state Hibernate loaded and the state it writes; without the lock two requests approving
 * one comment at the same time could both load it unapproved and both count it.
 *
 * <p>{@link #approveAll} shows the other side: a bulk statement that the listeners cannot see,
 * followed by {@link BufferedCounters#recalculate}.
 */
@Service
public class CommentService {

	private final PostRepository posts;

	private final CommentRepository comments;

	private final BufferedCounters counters;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public CommentService(PostRepository posts, CommentRepository comments, BufferedCounters counters,
			TransactionTemplate transactions) {
		this.posts = posts;
		this.comments = comments;
		this.counters = counters;
		this.transactions = transactions;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Adds a comment to a post.
	 * @param postId the post
	 * @param body the text
	 * @param approved whether the comment is approved from the start
	 * @return the new comment, or empty if there is no such post
	 */
	@Transactional
	public Optional<Comment> create(long postId, String body, boolean approved) {
		if (!this.posts.existsById(postId)) {
			return Optional.empty();
		}
		return Optional.of(this.comments
			.save(new Comment(this.posts.getReferenceById(postId), body, approved, this.clock.instant())));
	}

	/**
	 * Approves or unapproves a comment.
	 * @param postId the post
	 * @param commentId the comment
	 * @param approved the new state
	 * @return the comment, or empty if the post has no such comment
	 */
	@Transactional
	public Optional<Comment> approve(long postId, long commentId, boolean approved) {
		return this.comments.findOnPostForUpdate(postId, commentId).map((comment) -> {
			comment.setApproved(approved);
			return comment;
		});
	}

	/**
	 * Moves a comment to another post.
	 * @param postId the post it is on
	 * @param commentId the comment
	 * @param targetPostId the post it moves to
	 * @return the comment, or empty if the post has no such comment
	 * @throws IllegalArgumentException if there is no post {@code targetPostId}
	 */
	@Transactional
	public Optional<Comment> move(long postId, long commentId, long targetPostId) {
		if (!this.posts.existsById(targetPostId)) {
			throw new IllegalArgumentException("No post " + targetPostId + " to move the comment to");
		}
		return this.comments.findOnPostForUpdate(postId, commentId).map((comment) -> {
			comment.moveTo(this.posts.getReferenceById(targetPostId));
			return comment;
		});
	}

	/**
	 * Deletes a comment of a post. Of two concurrent deletes of one comment, the second waits for
	 * the first and then finds nothing, so the comment is uncounted once.
	 * @param postId the post
	 * @param commentId the comment
	 * @return whether the comment existed and was deleted
	 */
	@Transactional
	public boolean delete(long postId, long commentId) {
		Optional<Comment> comment = this.comments.findOnPostForUpdate(postId, commentId);
		comment.ifPresent(this.comments::delete);
		return comment.isPresent();
	}

	/**
	 * Approves every comment of a post with one bulk {@code UPDATE}, then recalculates the post's
	 * {@code approvedComments} from the rows, since no listener saw the bulk statement. The
	 * recount runs after the commit, so it sees the approved rows.
	 * @param postId the post
	 * @return how many comments were approved and the recount
	 */
	public ApprovedAll approveAll(long postId) {
		Integer approved = this.transactions.execute((status) -> this.comments.approveAllOfPost(postId));
		long recount = this.counters.recalculate(Post.class, postId, Post.APPROVED_COMMENTS);
		return new ApprovedAll((approved != null) ? approved : 0, recount);
	}

	/**
	 * What {@link #approveAll} did.
	 *
	 * @param approved comments approved by the bulk statement
	 * @param approvedComments the post's approved comments, recounted afterwards
	 */
	public record ApprovedAll(int approved, long approvedComments) {

	}

}
