package io.github.bufferedcounter.autoconfigure;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.autoconfigure.bad.BadCounter;
import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.rollup.RollupBuckets;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class BufferedCounterAutoConfigurationTest {

	private static final AutoConfigurations STARTER = AutoConfigurations.of(
			BufferedCounterHibernateAutoConfiguration.class, BufferedCounterRedisAutoConfiguration.class,
			BufferedCounterAutoConfiguration.class, BufferedCounterFlushSchedulerAutoConfiguration.class);

	private static final AutoConfigurations JPA = AutoConfigurations.of(DataSourceAutoConfiguration.class,
			HibernateJpaAutoConfiguration.class);

	private final TestDatabase database = TestDatabases.h2();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(STARTER)
		.withUserConfiguration(Entities.class)
		.withPropertyValues("spring.datasource.url=" + this.database.url(), "spring.datasource.username=sa",
				"spring.jpa.hibernate.ddl-auto=create-drop");

	@Test
	void backsOffWithoutEntityManagerFactory() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(BufferedCounters.class)
				.doesNotHaveBean(FlushScheduler.class));
	}

	@Test
	void backsOffWhenDisabledAndLeavesHibernateAlone() {
		this.runner.withConfiguration(JPA)
			.withPropertyValues("buffered-counter.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(BufferedCounters.class)
				.doesNotHaveBean(HibernatePropertiesCustomizer.class));
	}

	@Test
	void usesMemoryStoreWithoutRedis() {
		this.runner.withConfiguration(JPA)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(BufferedCounters.class)
				.hasSingleBean(FlushScheduler.class)
				.getBean(DeltaStore.class)
				.isInstanceOf(MemoryDeltaStore.class));
	}

	@Test
	void usesRedisStoreWhenRedisIsConfigured() {
		this.runner.withConfiguration(JPA)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + TestRedis.host(), "spring.data.redis.port=" + TestRedis.port(),
					// a prefix of its own: the keys of the default one belong to the database that used them first
					"buffered-counter.redis.key-prefix=redis-store-" + UUID.randomUUID())
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(DeltaStore.class)
				.isInstanceOf(RedisDeltaStore.class));
	}

	@Test
	void memoryStoreCanBeChosenDespiteRedis() {
		this.runner.withConfiguration(JPA)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("buffered-counter.store=memory")
			.run((context) -> assertThat(context).getBean(DeltaStore.class).isInstanceOf(MemoryDeltaStore.class));
	}

	@Test
	void redisStoreWithoutRedisFailsWithClearMessage() {
		this.runner.withConfiguration(JPA)
			.withPropertyValues("buffered-counter.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("buffered-counter.store is redis, but there is no RedisConnectionFactory bean"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "buffered-counter.flush.batch-size=0|buffered-counter.flush.batch-size must be between 1 and 10000; got 0",
			"buffered-counter.flush.max-attempts=0|buffered-counter.flush.max-attempts must be between 1 and 1000; got 0",
			"buffered-counter.flush.lease=-1s|buffered-counter.flush.lease must be a positive duration",
			"buffered-counter.redis.spill-limit=-1|buffered-counter.redis.spill-limit must be between 0 and 10000000; got -1",
			"buffered-counter.redis.writes-in-flight=0|buffered-counter.redis.writes-in-flight must be between 1 and 64; got 0",
			"buffered-counter.redis.replicas=-1|buffered-counter.redis.replicas must be between 0 and 64; got -1",
			"buffered-counter.redis.replica-timeout=0s|buffered-counter.redis.replica-timeout must be a positive duration",
			"buffered-counter.redis.key-prefix={app}|buffered-counter.redis.key-prefix must be a non-blank string without '{' or '}'",
			"buffered-counter.health.lag-threshold=0s|buffered-counter.health.lag-threshold must be a positive duration",
			"buffered-counter.jdbc.retention=10m|buffered-counter.jdbc.retention must be at least PT12M",
			"buffered-counter.local-aggregation.window=0ms|buffered-counter.local-aggregation.window must be a positive duration",
			"buffered-counter.counter-cache.await-write=maybe|Failed to bind properties under 'buffered-counter.counter-cache.await-write' to boolean",
			"buffered-counter.rollup.time-zone=Mars/Olympus|buffered-counter.rollup.time-zone",
			"buffered-counter.store=mongo|buffered-counter.store" })
	void misconfiguredPropertyFailsStartupSayingWhatIsValid(String property, String message) {
		this.runner.withConfiguration(JPA)
			.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining(message));
	}

	@Test
	void rollupBucketsStartInTheConfiguredTimeZoneOrTheJvmDefault() {
		this.runner.withConfiguration(JPA).run((context) -> assertThat(context.getBean(RollupBuckets.class).zone())
			.isEqualTo(ZoneId.systemDefault()));
		this.runner.withConfiguration(JPA)
			.withPropertyValues("buffered-counter.rollup.time-zone=Asia/Kolkata")
			.run((context) -> assertThat(context.getBean(RollupBuckets.class).zone())
				.isEqualTo(ZoneId.of("Asia/Kolkata")));
	}

	@Test
	void zeroIntervalFailsStartupNamingTheProperty() {
		this.runner.withConfiguration(JPA)
			.withPropertyValues("buffered-counter.flush.interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("buffered-counter.flush.interval must be a positive duration"));
	}

	@Test
	void zeroShardsFailStartupNamingTheRange() {
		this.runner.withConfiguration(JPA)
			.withPropertyValues("buffered-counter.redis.shards=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("buffered-counter.redis.shards must be between 1 and 1024; got 0"));
	}

	@Test
	void nonIntegerCounterFailsStartupNamingEntityAndField() {
		new ApplicationContextRunner().withConfiguration(STARTER)
			.withConfiguration(JPA)
			.withUserConfiguration(BadEntities.class)
			.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(BadCounter.class.getName() + ".title is not allowed: the field is a java.lang.String")
				.hasMessageContaining("must be a long, Long, int or Integer"));
	}

	@Test
	void sessionFactoryWithoutIntegratorFailsStartupInsteadOfRiskingStaleWrites() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BufferedCounterAutoConfiguration.class))
			.withConfiguration(JPA)
			.withUserConfiguration(Entities.class)
			.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("is still written by Hibernate's entity updates")
				.hasMessageContaining("hibernate.integrator_provider"));
	}

	@Test
	void shutdownFlushesPendingIncrements() {
		this.runner.withConfiguration(JPA)
			.withPropertyValues("buffered-counter.flush.interval=1h", "spring.jpa.hibernate.ddl-auto=create")
			.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
			jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (1, 'a', 0, 0, 0)");
			context.getBean(BufferedCounters.class).increment(Post.class, 1L, "viewCount", 42);
			context.getSourceApplicationContext().close();
			assertThat(jdbc.queryForObject("select view_count from blog_posts where id = 1", Long.class))
				.isEqualTo(42);
		});
	}

	@Test
	void publishesChangeEventsOnlyWhenEnabled() {
		ApplicationContextRunner runner = this.runner.withConfiguration(JPA)
			.withUserConfiguration(ChangeCollector.class)
			.withPropertyValues("buffered-counter.flush.interval=1h", "spring.jpa.hibernate.ddl-auto=create");
		runner.run((context) -> {
			assertThat(flushedChanges(context)).isEmpty();
		});
		runner.withPropertyValues("buffered-counter.flush.publish-events=true").run((context) -> {
			assertThat(flushedChanges(context))
				.containsExactly(new CounterChangedEvent(Post.class, "Post", 2L, "viewCount", 0, 42));
		});
	}

	private List<CounterChangedEvent> flushedChanges(AssertableApplicationContext context) {
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (2, 'b', 0, 0, 0)");
		BufferedCounters counters = context.getBean(BufferedCounters.class);
		counters.increment(Post.class, 2L, "viewCount", 42);
		assertThat(counters.flush().rows()).isOne();
		assertThat(jdbc.queryForObject("select view_count from blog_posts where id = 2", Long.class)).isEqualTo(42);
		return context.getBean(ChangeCollector.class).changes;
	}

	@Configuration(proxyBeanMethods = false)
	static class ChangeCollector {

		final List<CounterChangedEvent> changes = new CopyOnWriteArrayList<>();

		@EventListener
		void collect(CounterChangedEvent change) {
			this.changes.add(change);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Post.class)
	static class Entities {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BadCounter.class)
	static class BadEntities {

	}

}
