package io.github.bufferedcounter.it;

import java.util.HashSet;
import java.util.Set;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Version;

/**
 * Counts its episodes under conditions beyond a boolean: an enum stored as a string, an enum
 * stored as its ordinal, a soft-delete timestamp, a to-one association, and over a many-to-many
 * collection.
 */
@Entity
public class Channel {

	@Id
	private Long id;

	private String region;

	@Version
	private long version;

	@ManyToMany
	@JoinTable(name = "channel_pick")
	private Set<Episode> picks = new HashSet<>();

	@BufferedCounter(countOf = Episode.class, mappedBy = "channel", onlyIf = "status in (PUBLISHED, FEATURED)")
	private long published;

	@BufferedCounter(countOf = Episode.class, mappedBy = "channel", onlyIf = "deletedAt is null")
	private long live;

	@BufferedCounter(countOf = Episode.class, mappedBy = "channel", sum = "likes", onlyIf = "status = FEATURED")
	private long featuredLikes;

	@BufferedCounter(countOf = Episode.class, mappedBy = "channel", onlyIf = "audience != ADULT")
	private long familyFriendly;

	@BufferedCounter(countOf = Episode.class, mappedBy = "channel", onlyIf = "previous is null")
	private long openers;

	@BufferedCounter(countOf = Episode.class, collection = "picks", onlyIf = "deletedAt is null")
	private long livePicks;

	protected Channel() {
	}

	public Channel(Long id, String region) {
		this.id = id;
		this.region = region;
	}

	public Long getId() {
		return this.id;
	}

	public Set<Episode> getPicks() {
		return this.picks;
	}

	public void setPicks(Set<Episode> picks) {
		this.picks = picks;
	}

}
