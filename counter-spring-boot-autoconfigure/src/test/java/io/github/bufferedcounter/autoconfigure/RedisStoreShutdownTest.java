package io.github.bufferedcounter.autoconfigure;

import java.time.Clock;
import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Increments made while the application shuts down, after the flusher's last flush, must reach
 * Redis before its connection factory stops, so the next start flushes them.
 */
class RedisStoreShutdownTest {

	private final TestDatabase database = TestDatabases.h2();

	private final String keyPrefix = "shutdown-" + UUID.randomUUID();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				DataRedisAutoConfiguration.class, BufferedCounterHibernateAutoConfiguration.class,
				BufferedCounterRedisAutoConfiguration.class, BufferedCounterAutoConfiguration.class))
		.withUserConfiguration(BufferedCounterAutoConfigurationTest.Entities.class)
		.withPropertyValues("spring.datasource.url=" + this.database.url(), "spring.datasource.username=sa",
				"spring.data.redis.host=" + TestRedis.host(), "spring.data.redis.port=" + TestRedis.port(),
				"buffered-counter.redis.key-prefix=" + this.keyPrefix, "buffered-counter.flush.interval=1h");

	@ParameterizedTest(name = "local aggregation window {0}")
	@ValueSource(strings = { "", "1h" })
	void incrementAfterTheLastFlushIsInRedisForTheNextStart(String window) {
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		ApplicationContextRunner first = this.runner.withUserConfiguration(LateIncrement.class)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=create");
		if (!window.isEmpty()) {
			first = first.withPropertyValues("buffered-counter.local-aggregation.window=" + window);
		}
		first.run((context) -> {
				jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (5, 'e', 0, 0, 0)");
				context.getSourceApplicationContext().close();
				// the flusher stopped before the late increment: it waits in Redis
				assertThat(viewCount(jdbc)).isZero();
			});
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=none")
			.run((context) -> assertThat(context.getBean(BufferedCounters.class).flush().rows()).isOne());
		assertThat(viewCount(jdbc)).isEqualTo(7);
	}

	@Test
	void stopAndStartWriteWhatIsHeldAndKeepAggregating() {
		this.runner.withUserConfiguration(LateIncrement.class)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=create", "buffered-counter.local-aggregation.window=1h")
			.run((context) -> {
				BufferedCounters counters = context.getBean(BufferedCounters.class);
				DeltaStore redis = ((AggregatingDeltaStore) context.getBean(DeltaStore.class)).delegate();
				ConfigurableApplicationContext source = (ConfigurableApplicationContext) context.getSourceApplicationContext();

				source.stop();
				source.start();
				assertThat(redis.pendingKeyCount()).as("the late increment, written on stop").isOne();

				counters.increment(Post.class, 6L, "viewCount", 7);
				assertThat(redis.pendingKeyCount()).as("summed in process again after start").isOne();
				assertThat(counters.pending(Post.class, 6L, "viewCount")).isEqualTo(7);
			});
	}

	@Test
	void aCleanShutdownLeavesOnlyTheShardCountAndOwnersInRedis() {
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create").run((context) -> {
			BufferedCounters counters = context.getBean(BufferedCounters.class);
			for (long id = 1; id <= 40; id++) {
				jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (?, 't', 0, 0, 0)",
						id);
				counters.increment(Post.class, id, "viewCount", id);
			}
			counters.flush();
			counters.increment(Post.class, 3L, "viewCount", 1);
			counters.flush();
			assertThat(jdbc.queryForObject("select sum(view_count) from blog_posts", Long.class)).isEqualTo(821);
		});
		LettuceConnectionFactory connectionFactory = Loopback
			.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		try {
			// the shard count and each shard's owner are read at every start: they refuse a lower
			// buffered-counter.redis.shards and another database
			assertThat(new StringRedisTemplate(connectionFactory).keys(this.keyPrefix + "*"))
				.contains(this.keyPrefix + ":shards")
				.allMatch((key) -> key.equals(this.keyPrefix + ":shards") || key.endsWith("}:owner"));
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void closesInThePhaseBeforeTheConnectionFactoryStops() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create").run((context) -> {
			SmartLifecycle factory = (SmartLifecycle) context.getBean(RedisConnectionFactory.class);
			assertThat(context.getBean(DeltaStoreShutdown.class).getPhase()).isEqualTo(factory.getPhase() + 1)
				.isLessThan(FlushScheduler.PHASE);
		});
	}

	@Test
	void leavesAStoreOfTheApplicationAlone() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create")
			.withBean(DeltaStore.class, () -> new MemoryDeltaStore(Clock.systemUTC()))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DeltaStoreShutdown.class)
				.getBean(DeltaStore.class)
				.isInstanceOf(MemoryDeltaStore.class));
	}

	private static Long viewCount(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select view_count from blog_posts where id = 5", Long.class);
	}

	/** Increments on stop, between the flusher's stop and the Redis connection factory's. */
	@Configuration(proxyBeanMethods = false)
	static class LateIncrement {

		@Bean
		SmartLifecycle lateIncrement(ObjectProvider<BufferedCounters> counters) {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					counters.getObject().increment(Post.class, 5L, "viewCount", 7);
					this.running = false;
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return FlushScheduler.PHASE - 1;
				}

			};
		}

	}

}
