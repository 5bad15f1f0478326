package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** Counts its replies four ways; deleted for real, unlike replies. */
@Entity
public class Article {

	@Id
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY)
	private Blog blog;

	@BufferedCounter(countOf = Reply.class, mappedBy = "article")
	private long replyCount;

	@BufferedCounter(countOf = Reply.class, mappedBy = "article", sum = "likes")
	private long replyLikes;

	@BufferedCounter(countOf = Reply.class, mappedBy = "article", onlyIf = "approved")
	private int approvedReplies;

	@BufferedCounter(countOf = Reply.class, mappedBy = "article", onlyIf = "!approved")
	private Long pendingReplies = 0L;

	protected Article() {
	}

	public Article(Long id, Blog blog) {
		this.id = id;
		this.blog = blog;
	}

	public Long getId() {
		return this.id;
	}

	public Blog getBlog() {
		return this.blog;
	}

	public void setBlog(Blog blog) {
		this.blog = blog;
	}

}
