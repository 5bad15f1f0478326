package io.github.bufferedcounter.store.redis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.PrivateRedis;
import io.github.bufferedcounter.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write whose reply was lost is sent again with its number, and Redis skips it if its mark
 * says it ran the write. The mark expires: a write kept longer than that (an outage between
 * this instance and Redis while Redis runs on) cannot be told apart from one Redis never saw,
 * and is given up loudly rather than counted twice.
 */
class WriterMarkExpiryTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	private static final Duration MARK_TTL = Duration.ofSeconds(1);

	private PrivateRedis redis;

	private TcpProxy proxy;

	private LettuceConnectionFactory connectionFactory;

	private RedisDeltaStore store;

	@BeforeEach
	void start() throws IOException {
		this.redis = PrivateRedis.start();
		this.proxy = new TcpProxy(Loopback.ADDRESS, this.redis.port());
		this.connectionFactory = PrivateRedis.connectionFactory(this.proxy.port(), Duration.ofMillis(500));
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory), "mark-" + UUID.randomUUID(),
				1, Clock.systemUTC(), true, 100, MARK_TTL);
		this.store.add(Map.of(VIEWS, 1L)); // loads the script
	}

	@AfterEach
	void stop() throws IOException {
		this.store.close();
		this.connectionFactory.destroy();
		this.proxy.close();
		this.redis.close();
	}

	@Test
	void aWriteKeptLongerThanTheMarkIsGivenUpNotCountedTwice() {
		this.proxy.dropReplies(true);
		this.store.add(Map.of(VIEWS, 2L)); // Redis runs it, the reply is lost
		assertThat(this.store.spilledKeys()).as("kept, its outcome unclear").isEqualTo(1);
		this.proxy.cut();
		sleep(MARK_TTL.multipliedBy(2)); // the mark set by that write expires
		this.proxy.restore();

		awaitSpillEmpty();
		assertThat(this.store.pending(VIEWS).buffered()).as("the write ran once").isEqualTo(3);
		assertThat(this.store.abandonedResends()).isEqualTo(1);
	}

	/**
	 * Only a write handed to the connection can have run; deltas held behind it, never sent,
	 * are sent however long they were kept. A write handed over while the connection was down
	 * may have gone out once it came back, so it too is given up.
	 */
	@Test
	void deltasHeldBehindAGivenUpWriteAreSent() {
		CounterKey likes = new CounterKey("Post", "likes", "1");
		this.proxy.cut();
		this.store.add(Map.of(VIEWS, 2L)); // handed to the connection, outcome unclear
		this.store.add(Map.of(likes, 5L)); // held
		sleep(MARK_TTL.multipliedBy(2));
		this.proxy.restore();

		awaitSpillEmpty();
		assertThat(this.store.pending(likes).buffered()).isEqualTo(5);
		assertThat(this.store.pending(VIEWS).buffered()).as("the unclear write given up").isEqualTo(1);
		assertThat(this.store.abandonedResends()).isEqualTo(1);
	}

	private void awaitSpillEmpty() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.spilledKeys() == 0);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
