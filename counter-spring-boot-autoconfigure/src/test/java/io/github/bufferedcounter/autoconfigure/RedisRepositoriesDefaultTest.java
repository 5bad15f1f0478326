package io.github.bufferedcounter.autoconfigure;

import java.util.Map;

import io.github.bufferedcounter.autoconfigure.repositories.JpaOnlyApplication;
import io.github.bufferedcounter.autoconfigure.repositories.ShelfRepository;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisKeyValueAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding the starter to a JPA application must not turn Redis repositories on, nor make
 * Spring Data log a line per repository about its store assignment; an application that asks
 * for Redis repositories gets them.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRepositoriesDefaultTest {

	@Test
	void aJpaApplicationStartsWithoutRedisRepositoriesAndQuietly(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application().run()) {
			assertThat(context.getBeansOfType(ShelfRepository.class)).hasSize(1);
			assertThat(context.getBeansOfType(RedisKeyValueAdapter.class)).isEmpty();
		}
		// "Multiple Spring Data modules found" stays: Spring Data logs it for the jars on the classpath
		assertThat(output).doesNotContain("Bootstrapping Spring Data Redis repositories")
			.doesNotContain("Could not safely identify store assignment");
	}

	@Test
	void redisRepositoriesTurnedOnByTheApplicationAreRegistered() {
		try (ConfigurableApplicationContext context = application()
			.run("--spring.data.redis.repositories.enabled=true")) {
			assertThat(context.getBeansOfType(RedisKeyValueAdapter.class)).hasSize(1);
		}
	}

	@Test
	void aDefaultPropertyOfTheApplicationWinsOverTheStarters() {
		try (ConfigurableApplicationContext context = application()
			.properties(Map.of("spring.data.redis.repositories.enabled", "true"))
			.run()) {
			assertThat(context.getBeansOfType(RedisKeyValueAdapter.class)).hasSize(1);
		}
	}

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(JpaOnlyApplication.class).web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa",
					"spring.jpa.hibernate.ddl-auto=create", "buffered-counter.jdbc.initialize-schema=always",
					"spring.data.redis.host=" + TestRedis.host(), "spring.data.redis.port=" + TestRedis.port(),
					"buffered-counter.store=memory", "buffered-counter.flush.interval=1h",
					"spring.main.banner-mode=off");
	}

}
