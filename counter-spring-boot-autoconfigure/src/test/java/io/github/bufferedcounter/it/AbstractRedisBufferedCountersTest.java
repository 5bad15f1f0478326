package io.github.bufferedcounter.it;

import java.util.UUID;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared semantics, plus what only the Redis store can be given: entries planted in Redis
 * by hand.
 */
abstract class AbstractRedisBufferedCountersTest extends AbstractBufferedCountersTest {

	@Autowired
	StringRedisTemplate redis;

	static void redis(DynamicPropertyRegistry registry, String name) {
		registry.add("spring.data.redis.host", TestRedis::host);
		registry.add("spring.data.redis.port", TestRedis::port);
		registry.add("buffered-counter.redis.key-prefix", () -> "bc-" + name + "-" + UUID.randomUUID());
		registry.add("buffered-counter.redis.shards", () -> "4");
	}

	@Test
	void malformedEntryPlantedInRedisIsParkedAndOthersAreWritten() {
		this.counters.increment(Post.class, this.postId, "viewCount", 2);
		String pending = this.redis.keys("*:pending").stream()
			.filter((key) -> this.redis.opsForHash().hasKey(key, "Post:viewCount:" + this.postId))
			.findFirst()
			.orElseThrow();
		this.redis.opsForHash().put(pending, "garbage-without-colons", "5");
		long deadBefore = this.store.deadLetterCount();

		FlushResult result = this.counters.flush();

		assertThat(result.rejected()).isEqualTo(1);
		assertThat(views(this.postId)).isEqualTo(2);
		assertThat(this.store.deadLetterCount()).isEqualTo(deadBefore + 1);
	}

}
