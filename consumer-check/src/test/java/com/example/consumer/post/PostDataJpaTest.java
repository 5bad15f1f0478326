package com.example.consumer.post;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.test.TestTransactionFlush;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entity test a user writes first, with nothing of the starter's but its jar: the slice
 * brings the counters (memory store, no scheduled flush) and keeps their semantics.
 */
@DataJpaTest
class PostDataJpaTest {

	@Autowired
	private TestEntityManager entities;

	@Autowired
	private BufferedCounters counters;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void commentsAndViewsAreCountedOnceTheTestCommitsAndFlushes() {
		Post post = this.entities.persist(new Post("Hello"));
		this.entities.persist(new Comment(post));
		this.entities.persist(new Comment(post));
		this.counters.increment(post, "views", 3);

		TestTransactionFlush.commitAndFlush(this.counters);

		this.entities.clear();
		Post read = this.entities.find(Post.class, post.getId());
		assertThat(read.getViews()).isEqualTo(3);
		assertThat(read.getCommentCount()).isEqualTo(2);
	}

	@Test
	void savingALoadedPostKeepsTheCountAFlushWrote() {
		Post post = this.entities.persistAndFlush(new Post("Hello"));
		this.entities.clear();
		Post loaded = this.entities.find(Post.class, post.getId());
		this.jdbc.update("update post set views = 5 where id = ?", post.getId());

		loaded.setTitle("Hello again");
		this.entities.flush();

		assertThat(this.jdbc.queryForObject("select views from post where id = ?", Long.class, post.getId()))
			.isEqualTo(5);
	}

}
