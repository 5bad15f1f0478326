package io.github.bufferedcounter.it;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of a leaderboard: a nullable counter in a renamed column, one that is not null, and a unique one. */
@Entity
@Table(name = "leaderboard_players")
public class Player {

	@Id
	private Long id;

	@BufferedCounter
	@Column(name = "score_total")
	private Integer score;

	@BufferedCounter
	private long wins;

	@BufferedCounter(unique = true)
	private Long fans;

	protected Player() {
	}

	public Player(Long id, Integer score) {
		this.id = id;
		this.score = score;
	}

	public Long getId() {
		return this.id;
	}

}
