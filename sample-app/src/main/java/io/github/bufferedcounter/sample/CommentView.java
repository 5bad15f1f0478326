package io.github.bufferedcounter.sample;

import java.time.Instant;

/**
 * A comment as the API returns it.
 *
 * @param id the comment id
 * @param postId the post it belongs to
 * @param body the text
 * @param approved whether it is approved, and so counted in the post's {@code approvedComments}
 * @param createdAt when it was written
 */
public record CommentView(Long id, long postId, String body, boolean approved, Instant createdAt) {

	static CommentView of(Comment comment, long postId) {
		return new CommentView(comment.getId(), postId, comment.getBody(), comment.isApproved(),
				comment.getCreatedAt());
	}

}
