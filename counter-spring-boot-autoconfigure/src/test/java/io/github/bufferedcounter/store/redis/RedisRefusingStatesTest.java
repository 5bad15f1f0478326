package io.github.bufferedcounter.store.redis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.PrivateRedis;
import io.github.bufferedcounter.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis answering but refusing writes for a while, because of its state rather than of the
 * write: at {@code maxmemory} under {@code noeviction}, or demoted to a read-only replica. An
 * add is kept in the spill buffer then, not refused, and so is what was spilled before Redis
 * came back in that state; all of it reaches Redis once, when it takes writes again. A sum
 * that would overflow is refused for good, and costs only its own key.
 */
class RedisRefusingStatesTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	private static final CounterKey LIKES = new CounterKey("Post", "likes", "1");

	private static final CounterKey SHARES = new CounterKey("Post", "shares", "1");

	private PrivateRedis redis;

	private TcpProxy proxy;

	private LettuceConnectionFactory connectionFactory;

	private RedisDeltaStore store;

	@BeforeEach
	void start() throws IOException {
		this.redis = PrivateRedis.start();
		this.proxy = new TcpProxy(Loopback.ADDRESS, this.redis.port());
		this.connectionFactory = PrivateRedis.connectionFactory(this.proxy.port(), Duration.ofSeconds(1));
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory),
				"states-" + UUID.randomUUID(), 4, Clock.systemUTC(), true);
		// loads the script, so the adds below run it rather than ask for it
		this.store.add(Map.of(new CounterKey("Post", "views", "warm-up"), 1L));
	}

	@AfterEach
	void stop() throws IOException {
		this.store.close();
		this.connectionFactory.destroy();
		this.proxy.close();
		this.redis.close();
	}

	@ParameterizedTest
	@EnumSource
	void anAddRefusedForTheServersStateIsKeptUntilItTakesWritesAgain(RefusingState state) {
		state.begin.accept(this.redis);
		this.store.add(Map.of(VIEWS, 3L));

		assertThat(this.store.spilledKeys()).as("kept, not refused").isEqualTo(1);
		state.end.accept(this.redis);
		awaitSpillEmpty();
		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(3);
		assertThat(this.store.refusedAfterAcknowledge()).isZero();
	}

	@ParameterizedTest
	@EnumSource
	void spilledDeltasAreKeptWhileRedisComesBackRefusingWrites(RefusingState state) {
		this.proxy.cut();
		this.store.add(Map.of(VIEWS, 3L));
		this.store.add(Map.of(LIKES, 4L));
		assertThat(this.store.spilledKeys()).isEqualTo(2);

		state.begin.accept(this.redis);
		this.proxy.restore();
		awaitReachable();
		this.store.sync(); // a drain that reaches Redis and is refused

		assertThat(this.store.spilledKeys()).as("still kept").isEqualTo(2);
		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(3);
		state.end.accept(this.redis);
		awaitSpillEmpty();
		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(3);
		assertThat(this.store.pending(LIKES).buffered()).isEqualTo(4);
		assertThat(this.store.refusedAfterAcknowledge()).isZero();
	}

	@ParameterizedTest
	@EnumSource
	void aCloseWhileRedisRefusesWritesWaitsForItToTakeThemAgain(RefusingState state) throws Exception {
		state.begin.accept(this.redis);
		this.store.add(Map.of(VIEWS, 3L));
		assertThat(this.store.spilledKeys()).isEqualTo(1);
		Thread ending = new Thread(() -> {
			sleep(Duration.ofMillis(1500));
			state.end.accept(this.redis);
		});
		ending.start();

		this.store.close();

		ending.join(10_000);
		assertThat(this.store.spilledKeys()).as("sent before the close returned").isZero();
		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(3);
	}

	@Test
	void aSpilledSumThatWouldOverflowLosesOnlyItsOwnKey() {
		this.store.add(Map.of(VIEWS, Long.MAX_VALUE));
		this.proxy.cut();
		this.store.add(Map.of(LIKES, 4L)); // a write of unclear outcome
		this.store.add(Map.of(VIEWS, 1L, SHARES, 5L)); // held, then sent with the next as one write
		this.store.add(Map.of(LIKES, 1L));

		this.proxy.restore();
		awaitSpillEmpty();

		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(Long.MAX_VALUE);
		assertThat(this.store.pending(LIKES).buffered()).isEqualTo(5);
		assertThat(this.store.pending(SHARES).buffered()).isEqualTo(5);
		assertThat(this.store.refusedAfterAcknowledge()).as("the overflowing delta").isEqualTo(1);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReachable() {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			template.opsForValue().get("anything");
			return true;
		});
	}

	private void awaitSpillEmpty() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.spilledKeys() == 0);
	}

	enum RefusingState {

		OUT_OF_MEMORY(PrivateRedis::fillMemory, PrivateRedis::freeMemory),

		READ_ONLY_REPLICA(PrivateRedis::makeReadOnlyReplica, PrivateRedis::promote);

		final Consumer<PrivateRedis> begin;

		final Consumer<PrivateRedis> end;

		RefusingState(Consumer<PrivateRedis> begin, Consumer<PrivateRedis> end) {
			this.begin = begin;
			this.end = end;
		}

	}

}
