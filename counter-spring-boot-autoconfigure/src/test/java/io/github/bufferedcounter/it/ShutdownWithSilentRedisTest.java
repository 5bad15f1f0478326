package io.github.bufferedcounter.it;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.testsupport.TcpProxy;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application shut down while Redis takes commands but never answers: the last flush gives
 * up after {@code buffered-counter.flush.shutdown-timeout} instead of holding the shutdown for
 * every shard's command timeout, and what it could not write is written once after the next
 * start.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownWithSilentRedisTest {

	private final TestDatabase database = TestDatabases.h2();

	private final String keyPrefix = "bc-shutdown-" + UUID.randomUUID();

	private TcpProxy proxy;

	@BeforeEach
	void startProxy() throws IOException {
		this.proxy = new TcpProxy(TestRedis.host(), TestRedis.port());
	}

	@AfterEach
	void closeProxy() throws IOException {
		this.proxy.close();
	}

	@Test
	void theLastFlushGivesUpAfterTheShutdownTimeoutAndTheNextStartWritesItsDeltas(CapturedOutput output) {
		long post;
		try (ConfigurableApplicationContext first = start()) {
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			post = 42;
			jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (?, 't', 0, 0, 0)",
					post);
			first.getBean(BufferedCounters.class).increment(Post.class, post, "viewCount", 3);
			// Redis still runs what it is sent, the last flush's claim included, but no reply comes back
			this.proxy.dropReplies(true);
		}
		assertThat(output).contains("The last flush of buffered counters did not end within the shutdown timeout (PT1S");
		this.proxy.restore();

		try (ConfigurableApplicationContext second = start()) {
			JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
			assertThat(views(jdbc, post)).as("not written by the first application").isZero();
			BufferedCounters counters = second.getBean(BufferedCounters.class);
			// the batch the silent claim took is taken again once its lease has run out
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
				counters.flush();
				return views(jdbc, post) != 0;
			});
			counters.flush();
			assertThat(views(jdbc, post)).as("written once").isEqualTo(3);
			assertThat(counters.pending(Post.class, post, "viewCount")).isZero();
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CounterTestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + this.database.url(),
					"spring.datasource.username=" + this.database.username(),
					"spring.datasource.password=" + this.database.password(), "spring.jpa.hibernate.ddl-auto=update",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.proxy.port(),
					"spring.data.redis.timeout=20s", "buffered-counter.redis.key-prefix=" + this.keyPrefix,
					"buffered-counter.flush.interval=1h", "buffered-counter.flush.shutdown-timeout=1s",
					"buffered-counter.flush.lease=2s")
			.run();
	}

	private static long views(JdbcTemplate jdbc, long post) {
		return jdbc.queryForObject("select view_count from blog_posts where id = ?", Long.class, post);
	}

}
