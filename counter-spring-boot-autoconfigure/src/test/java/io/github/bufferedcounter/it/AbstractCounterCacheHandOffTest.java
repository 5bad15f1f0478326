package io.github.bufferedcounter.it;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import jakarta.persistence.EntityManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread hands a committed transaction's counter cache deltas to the store, with and
 * without {@code buffered-counter.counter-cache.await-write}; either way they are counted once.
 */
@SpringBootTest(classes = { CounterTestApplication.class, AbstractCounterCacheHandOffTest.RecordingStore.class },
		properties = { "spring.jpa.hibernate.ddl-auto=create", "buffered-counter.jdbc.initialize-schema=always",
				"buffered-counter.flush.interval=1h",
				// the embedded servers may stop before the cached contexts close at JVM exit
				"spring.data.redis.timeout=2s", "spring.datasource.hikari.connection-timeout=2000" })
abstract class AbstractCounterCacheHandOffTest {

	@Autowired
	BufferedCounters counters;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	EntityManager entityManager;

	@Autowired
	RecordingRedisDeltaStore store;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
		AbstractRedisBufferedCountersTest.redis(registry, "handoff");
	}

	@BeforeEach
	void forget() {
		this.store.sync();
		this.store.adders.clear();
	}

	/**
	 * Inserts a reply in a transaction and returns the threads that added deltas to the store,
	 * waiting for the first (not calling sync, which would write in the calling thread).
	 */
	List<String> threadsAddingOneReply(long article) {
		this.transactions.executeWithoutResult((status) -> this.entityManager
			.persist(new Reply(this.entityManager.getReference(Article.class, article), 1, true)));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !this.store.adders.isEmpty());
		return List.copyOf(this.store.adders);
	}

	long article() {
		long blog = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		long article = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		this.transactions.executeWithoutResult((status) -> {
			this.entityManager.persist(new Blog(blog));
			this.entityManager.persist(new Article(article, this.entityManager.getReference(Blog.class, blog)));
		});
		this.counters.flush();
		this.store.adders.clear();
		return article;
	}

	@Test
	void aReplyIsCountedOnce() {
		long article = article();
		threadsAddingOneReply(article);
		this.store.adders.clear();
		threadsAddingOneReply(article);

		this.counters.flush();

		assertThat(this.counters.current(Article.class, article, "replyCount")).isEqualTo(2);
	}

	/** A Redis store that notes which thread called {@link #add}. */
	static class RecordingRedisDeltaStore extends RedisDeltaStore {

		final List<String> adders = new CopyOnWriteArrayList<>();

		RecordingRedisDeltaStore(StringRedisTemplate redis) {
			super(redis, "handoff-" + UUID.randomUUID(), 4, Clock.systemUTC(), true);
		}

		@Override
		public void add(Map<CounterKey, Long> deltas) {
			this.adders.add(Thread.currentThread().getName());
			super.add(deltas);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingStore {

		@Bean
		DeltaStore counterDeltaStore(RedisConnectionFactory connectionFactory) {
			return new RecordingRedisDeltaStore(new StringRedisTemplate(connectionFactory));
		}

	}

}
