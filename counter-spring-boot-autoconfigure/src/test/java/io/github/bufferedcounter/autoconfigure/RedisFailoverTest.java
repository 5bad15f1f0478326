package io.github.bufferedcounter.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.RedisPair;
import io.github.bufferedcounter.testsupport.TcpProxy;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * An application with {@code buffered-counter.redis.replicas=1} on a Redis master with one
 * replica (real {@code redis-server} processes), and a failover to the replica after it was cut
 * off from the master: an increment made while it was cut off is held, a flush whose claim it
 * did not confirm writes nothing, and after the failover the database (H2) holds every
 * increment once.
 */
class RedisFailoverTest {

	private final TestDatabase h2 = TestDatabases.h2();

	private RedisPair redis;

	private TcpProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.redis = RedisPair.start();
		this.proxy = new TcpProxy(Loopback.ADDRESS, this.redis.masterPort());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.redis.close();
	}

	@Test
	@Disabled("Intermittent: once in a full CI run (Boot 4.0.8 step, loaded machine) the database held 5 instead "
			+ "of 12, the unconfirmed +7 lost although the spill buffer had emptied; 6 runs alone passed. "
			+ "Open in issue 28 until the cause is found; see docs/guarantees.md")
	void aFailoverAfterAnUnconfirmedAddAndClaimCountsEveryIncrementOnce() {
		JdbcTemplate jdbc = new JdbcTemplate(this.h2.dataSource());
		application().run((context) -> {
			jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (1, 't', 0, 0, 0)");
			BufferedCounters counters = context.getBean(BufferedCounters.class);
			DeltaStore store = context.getBean(DeltaStore.class);
			counters.increment(Post.class, 1L, "viewCount", 5);
			this.redis.cutReplicaOff();
			counters.increment(Post.class, 1L, "viewCount", 7);
			assertThat(store.spilledKeys()).as("held until a replica confirms it").isEqualTo(1);

			assertThatException().isThrownBy(counters::flush)
				.withMessageContaining("buffered-counter.redis.replicas");
			assertThat(viewCount(jdbc)).as("the unconfirmed claim wrote nothing").isZero();

			this.proxy.cut();
			this.redis.failOver();
			this.proxy.retarget(this.redis.masterPort());
			this.proxy.restore();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				store.sync();
				return store.spilledKeys() == 0;
			});
			counters.flush();

			assertThat(viewCount(jdbc)).isEqualTo(12);
		});
	}

	private ApplicationContextRunner application() {
		return StoreApplication.on(this.h2, Loopback.ADDRESS, this.proxy.port(), "failover-" + UUID.randomUUID())
			.withPropertyValues("spring.data.redis.timeout=2s", "buffered-counter.redis.replicas=1",
					"buffered-counter.redis.replica-timeout=300ms");
	}

	private static long viewCount(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select view_count from blog_posts where id = 1", Long.class);
	}

}
