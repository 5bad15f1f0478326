package io.github.bufferedcounter.autoconfigure;

import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Two applications with different databases on one Redis and one key prefix: the buffer belongs
 * to the database that used it first, and the other application neither starts on it nor
 * flushes its deltas.
 */
class SharedRedisPrefixTest {

	private final String keyPrefix = "shared-" + UUID.randomUUID();

	private final TestDatabase h2 = TestDatabases.h2();

	private final TestDatabase postgres = TestDatabases.postgres();

	private final LettuceConnectionFactory connectionFactory = Loopback
		.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));

	private final StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);

	@AfterEach
	void closeConnection() {
		this.connectionFactory.destroy();
	}

	@Test
	void applicationOfAnotherDatabaseRefusesToStartOnTheSamePrefix() {
		application(this.h2).run((h2) -> {
			assertThat(h2).hasNotFailed();
			application(this.postgres).run((postgres) -> assertThat(postgres).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("buffered-counter.redis.key-prefix '" + this.keyPrefix + "'")
				.hasMessageContaining("another database"));
		});
	}

	@Test
	void secondApplicationOfTheSameDatabaseStartsOnTheSamePrefix() {
		application(this.postgres).run((first) -> application(this.postgres)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=none")
			.run((second) -> assertThat(second).hasNotFailed()));
	}

	@Test
	void flushRefusesShardOwnedByAnotherDatabaseAndWritesNothing() {
		JdbcTemplate jdbc = new JdbcTemplate(this.h2.dataSource());
		application(this.h2).run((context) -> {
			jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (1, 't', 0, 0, 0)");
			BufferedCounters counters = context.getBean(BufferedCounters.class);
			counters.increment(Post.class, 1L, "viewCount", 5);
			String own = jdbc.queryForObject("select database_id from buffered_counter_identity", String.class);
			String other = UUID.randomUUID().toString();
			this.redis.keys(this.keyPrefix + "*}:owner").forEach((key) -> this.redis.opsForValue().set(key, other));

			assertThatIllegalStateException().isThrownBy(counters::flush)
				.withMessageContaining("buffered-counter.redis.key-prefix '" + this.keyPrefix + "'")
				.withMessageContaining(other);
			assertThat(viewCount(jdbc)).isZero();
			assertThat(context.getBean(DeltaStore.class).pendingKeyCount()).isOne();

			this.redis.keys(this.keyPrefix + "*}:owner").forEach((key) -> this.redis.opsForValue().set(key, own));
			assertThat(counters.flush().rows()).isOne();
			assertThat(viewCount(jdbc)).isEqualTo(5);
		});
	}

	private ApplicationContextRunner application(TestDatabase database) {
		return StoreApplication.on(database, TestRedis.host(), TestRedis.port(), this.keyPrefix);
	}

	private static long viewCount(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select view_count from blog_posts where id = 1", Long.class);
	}

}
