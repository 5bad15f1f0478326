package io.github.bufferedcounter.it;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.SpillBufferFullException;
import io.github.bufferedcounter.testsupport.TcpProxy;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Redis unreachable while the application increments: reached through a proxy that cuts the
 * connections or drops Redis's replies, so the increments wait in the spill buffer and reach
 * Redis once, in full, when it answers again.
 */
@SpringBootTest(classes = { CounterTestApplication.class, RedisOutageTest.QuickReconnect.class },
		properties = { "spring.jpa.hibernate.ddl-auto=create", "buffered-counter.flush.interval=1h",
				"buffered-counter.redis.spill-limit=5", "spring.data.redis.timeout=1s",
				"spring.datasource.hikari.connection-timeout=2000" })
class RedisOutageTest {

	private static TcpProxy proxy;

	@Autowired
	BufferedCounters counters;

	@Autowired
	DeltaStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		TestDatabases.h2().registerDataSource(registry);
		proxy = new TcpProxy(TestRedis.host(), TestRedis.port());
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", proxy::port);
		registry.add("buffered-counter.redis.key-prefix", () -> "bc-outage-" + UUID.randomUUID());
	}

	@AfterEach
	void reconnect() {
		proxy.restore();
		await().atMost(Duration.ofMinutes(1)).until(() -> this.store.spilledKeys() == 0);
	}

	private long post() {
		long id = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		this.jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (?, 't', 0, 0, 0)",
				id);
		return id;
	}

	private long views(long id) {
		return this.jdbc.queryForObject("select view_count from blog_posts where id = ?", Long.class, id);
	}

	private void awaitSpillSentAndFlush() {
		proxy.restore();
		await().atMost(Duration.ofMinutes(1)).until(() -> this.store.spilledKeys() == 0);
		this.counters.flush();
	}

	@Test
	void incrementsMadeWhileRedisIsUnreachableReachItWhenItAnswers() {
		long post = post();
		this.counters.increment(Post.class, post, "viewCount", 1);
		this.counters.flush();
		long spilledBefore = this.store.spilledDeltas();

		proxy.cut();
		for (int i = 0; i < 50; i++) {
			this.counters.increment(Post.class, post, "viewCount", 1);
		}
		this.transactions.executeWithoutResult(
				(status) -> this.counters.increment(Post.class, post, "viewCount", 5));
		assertThat(this.store.spilledKeys()).isEqualTo(1);
		assertThat(this.store.spilledDeltas()).isGreaterThan(spilledBefore);

		awaitSpillSentAndFlush();

		assertThat(views(post)).isEqualTo(56);
	}

	@Test
	void writeWhoseReplyWasLostIsNotAppliedTwice() {
		long post = post();
		long warmUp = post();
		// Redis then has the script cached, so the EVALSHA below runs it rather than asking for it
		this.counters.increment(Post.class, warmUp, "viewCount", 1);

		proxy.dropReplies(true);
		this.counters.increment(Post.class, post, "viewCount", 7);
		assertThat(this.store.spilledKeys()).as("the timed-out write is kept").isEqualTo(1);
		proxy.cut();

		awaitSpillSentAndFlush();

		assertThat(views(post)).as("Redis ran the first send; the resend must be skipped").isEqualTo(7);
	}

	@Test
	void fullSpillBufferRefusesNewKeysAndKeepsTheRest() {
		long[] posts = { post(), post(), post(), post(), post(), post() };
		long refusedBefore = this.store.spillRefusals();

		proxy.cut();
		for (int i = 0; i < 5; i++) {
			this.counters.increment(Post.class, posts[i], "viewCount", 1);
		}
		assertThatExceptionOfType(SpillBufferFullException.class)
			.isThrownBy(() -> this.counters.increment(Post.class, posts[5], "viewCount", 1))
			.withMessageContaining("Redis cannot be reached and the local spill buffer already holds 5 keys")
			.withMessageContaining("buffered-counter.redis.spill-limit = 5")
			.withMessageContaining("Post:viewCount:" + posts[5]);
		this.counters.increment(Post.class, posts[0], "viewCount", 1);
		assertThat(this.store.spillRefusals()).isEqualTo(refusedBefore + 1);

		awaitSpillSentAndFlush();

		assertThat(views(posts[0])).isEqualTo(2);
		for (int i = 1; i < 5; i++) {
			assertThat(views(posts[i])).isEqualTo(1);
		}
		assertThat(views(posts[5])).isZero();
	}

	/** Lettuce waits up to 30 s between reconnect attempts by default; the test does not. */
	@TestConfiguration(proxyBeanMethods = false)
	static class QuickReconnect {

		@Bean
		ClientResourcesBuilderCustomizer quickReconnect() {
			return (resources) -> resources.reconnectDelay(Delay.constant(Duration.ofMillis(100)));
		}

	}

}
