package io.github.bufferedcounter.autoconfigure;

import io.github.bufferedcounter.testsupport.TestDatabase;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application of the Redis store on one database, with the test entities, as the tests
 * that start whole applications against a Redis of their choice need it; flushes run only when
 * a test calls them.
 */
final class StoreApplication {

	private StoreApplication() {
	}

	static ApplicationContextRunner on(TestDatabase database, String redisHost, int redisPort, String keyPrefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, DataRedisAutoConfiguration.class,
					BufferedCounterHibernateAutoConfiguration.class, BufferedCounterRedisAutoConfiguration.class,
					BufferedCounterAutoConfiguration.class))
			.withUserConfiguration(BufferedCounterAutoConfigurationTest.Entities.class)
			.withPropertyValues("spring.datasource.url=" + database.url(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(), "spring.data.redis.host=" + redisHost,
					"spring.data.redis.port=" + redisPort, "spring.jpa.hibernate.ddl-auto=create",
					"buffered-counter.jdbc.initialize-schema=always", "buffered-counter.redis.key-prefix=" + keyPrefix,
					"buffered-counter.flush.interval=1h");
	}

}
