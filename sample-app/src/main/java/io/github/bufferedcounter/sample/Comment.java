package io.github.bufferedcounter.sample;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A comment on a {@link Post}, counted by the post's counter caches: {@code commentCount}
 * counts every comment, {@code approvedComments} those that are {@code approved}. Inserting,
 * deleting, moving ({@link #moveTo}) or (un)approving ({@link #setApproved}) a comment through
 * the entity manager changes them once the transaction commits; see {@link CommentService}.
 */
@Entity
@Table(name = "post_comment")
public class Comment {

	@Id
	@GeneratedValue
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "post_id", nullable = false)
	private Post post;

	@Column(nullable = false, length = 2000)
	private String body;

	@Column(nullable = false)
	private boolean approved;

	@Column(nullable = false)
	private Instant createdAt;

	protected Comment() {
	}

	public Comment(Post post, String body, boolean approved, Instant createdAt) {
		this.post = post;
		this.body = body;
		this.approved = approved;
		this.createdAt = createdAt;
	}

	public Long getId() {
		return this.id;
	}

	public Post getPost() {
		return this.post;
	}

	/**
	 * Moves the comment to another post: at commit, one comment less on the old post and one
	 * more on the new one.
	 * @param post the new post
	 */
	public void moveTo(Post post) {
		this.post = post;
	}

	public String getBody() {
		return this.body;
	}

	public boolean isApproved() {
		return this.approved;
	}

	/**
	 * Approves or unapproves the comment, which adds it to or removes it from the post's
	 * {@code approvedComments} at commit; setting the value it already has changes nothing.
	 * @param approved whether the comment is approved
	 */
	public void setApproved(boolean approved) {
		this.approved = approved;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
