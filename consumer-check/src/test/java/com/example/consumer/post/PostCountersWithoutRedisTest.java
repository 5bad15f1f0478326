package com.example.consumer.post;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.test.AutoConfigureBufferedCounters;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application in a CI without Redis (nothing listens on the configured port): the
 * annotation chooses the memory store, so counting and reading never touch Redis.
 */
@SpringBootTest(properties = "spring.data.redis.port=1")
@AutoConfigureBufferedCounters
class PostCountersWithoutRedisTest {

	@Autowired
	private PostRepository posts;

	@Autowired
	private BufferedCounters counters;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void viewsAreCountedReadAndFlushedWithoutRedis() {
		long id = this.posts.save(new Post("Hello")).getId();
		this.transactions.executeWithoutResult((status) -> this.counters.increment(Post_.views, id, 2));

		assertThat(this.counters.current(Post_.views, id)).isEqualTo(2);
		this.counters.flush();

		assertThat(this.posts.findById(id)).hasValueSatisfying((post) -> assertThat(post.getViews()).isEqualTo(2));
	}

}
