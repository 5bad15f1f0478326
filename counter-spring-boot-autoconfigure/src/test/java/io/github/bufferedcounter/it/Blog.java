package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Holds counter caches two levels up from {@link Reply} and one up from {@link Article}. */
@Entity
@Table(name = "blogs")
public class Blog {

	@Id
	private Long id;

	@BufferedCounter(countOf = Article.class, mappedBy = "blog")
	private long articleCount;

	@BufferedCounter(countOf = Reply.class, mappedBy = "article.blog")
	private long replyCount;

	@BufferedCounter(countOf = Article.class, mappedBy = "blog")
	@CounterRollup(RollupPeriod.DAY)
	private long articleTrend;

	protected Blog() {
	}

	public Blog(Long id) {
		this.id = id;
	}

	public Long getId() {
		return this.id;
	}

}
