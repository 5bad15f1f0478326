package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Cacheable
@Table(name = "blog_posts")
public class Post {

	@Id
	private Long id;

	private String title;

	@BufferedCounter
	private long viewCount;

	@BufferedCounter
	@Column(name = "like_total")
	private Integer likes = 0;

	@BufferedCounter(unique = true)
	private Long uniqueViewers;

	@BufferedCounter
	@CounterRollup({ RollupPeriod.HOUR, RollupPeriod.DAY, RollupPeriod.MONTH })
	private Long readCount;

	@Version
	private long version;

	protected Post() {
	}

	public Post(Long id, String title) {
		this.id = id;
		this.title = title;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public long getViewCount() {
		return this.viewCount;
	}

	public void setViewCount(long viewCount) {
		this.viewCount = viewCount;
	}

	public Integer getLikes() {
		return this.likes;
	}

	public long getVersion() {
		return this.version;
	}

}
