package io.github.bufferedcounter.it;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;

/** Counted by {@link Channel} when its status, audience or deletion time meets a condition. */
@Entity
public class Episode {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY)
	private Channel channel;

	@Enumerated(EnumType.STRING)
	private Status status;

	private Audience audience;

	private Instant deletedAt;

	private Integer likes;

	@ManyToOne(fetch = FetchType.LAZY)
	private Episode previous;

	@Version
	private long version;

	protected Episode() {
	}

	public Episode(Channel channel, Status status, Audience audience, Integer likes) {
		this.channel = channel;
		this.status = status;
		this.audience = audience;
		this.likes = likes;
	}

	public Long getId() {
		return this.id;
	}

	public void setChannel(Channel channel) {
		this.channel = channel;
	}

	public Status getStatus() {
		return this.status;
	}

	public void setStatus(Status status) {
		this.status = status;
	}

	public void setAudience(Audience audience) {
		this.audience = audience;
	}

	public Instant getDeletedAt() {
		return this.deletedAt;
	}

	public void setDeletedAt(Instant deletedAt) {
		this.deletedAt = deletedAt;
	}

	public void setPrevious(Episode previous) {
		this.previous = previous;
	}

	public void setLikes(Integer likes) {
		this.likes = likes;
	}

	/** Stored by name. */
	public enum Status {

		/** Not yet visible. */
		DRAFT,

		/** Visible. */
		PUBLISHED,

		/** Visible and promoted. */
		FEATURED

	}

	/** Stored by ordinal, JPA's default. */
	public enum Audience {

		/** Anyone. */
		ALL,

		/** Teenagers and up. */
		TEEN,

		/** Adults only. */
		ADULT

	}

}
