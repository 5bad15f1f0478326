package io.github.bufferedcounter.autoconfigure;

import java.util.List;
import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both clients Spring Data Redis supports, Lettuce and Jedis: the starter tells a single node
 * from a cluster on either, and runs on a Jedis factory that Boot configured.
 */
class RedisClientsTest {

	@Test
	void aStandaloneFactoryOfEitherClientIsOneNode() {
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration("localhost", 6379);

		assertThat(BufferedCounterRedisAutoConfiguration.singleNode(new LettuceConnectionFactory(standalone))).isTrue();
		assertThat(BufferedCounterRedisAutoConfiguration.singleNode(new JedisConnectionFactory(standalone))).isTrue();
	}

	@Test
	void aClusterFactoryOfEitherClientIsNotOneNode() {
		RedisClusterConfiguration cluster = new RedisClusterConfiguration(List.of("localhost:7000"));

		assertThat(BufferedCounterRedisAutoConfiguration.singleNode(new LettuceConnectionFactory(cluster))).isFalse();
		assertThat(BufferedCounterRedisAutoConfiguration.singleNode(new JedisConnectionFactory(cluster))).isFalse();
	}

	@Test
	void theStarterCountsThroughAJedisFactoryThatBootConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, DataRedisAutoConfiguration.class,
					BufferedCounterHibernateAutoConfiguration.class, BufferedCounterRedisAutoConfiguration.class,
					BufferedCounterAutoConfiguration.class))
			.withUserConfiguration(Entities.class)
			.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa",
					"spring.jpa.hibernate.ddl-auto=create-drop", "buffered-counter.jdbc.initialize-schema=always",
					"spring.data.redis.client-type=jedis", "spring.data.redis.host=" + TestRedis.host(),
					"spring.data.redis.port=" + TestRedis.port(),
					"buffered-counter.redis.key-prefix=jedis-" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(JedisConnectionFactory.class);
				assertThat(context.getBean(DeltaStore.class)).isInstanceOf(RedisDeltaStore.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (1, 'a', 0, 0, 0)");
				BufferedCounters counters = context.getBean(BufferedCounters.class);
				counters.increment(Post.class, 1L, "viewCount", 3);
				counters.increment(Post.class, 1L, "likes", 2);

				assertThat(counters.flush().rows()).isOne();
				assertThat(jdbc.queryForMap("select view_count, like_total from blog_posts where id = 1"))
					.containsEntry("VIEW_COUNT", 3L)
					.containsEntry("LIKE_TOTAL", 2);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Post.class)
	static class Entities {

	}

}
