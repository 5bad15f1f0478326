package io.github.bufferedcounter.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.MovableClock;
import io.github.bufferedcounter.testsupport.ReplyDroppingProxy;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lettuce re-sends the commands that were in flight when a connection dropped, once it has
 * reconnected (its default, at-least-once mode). A command whose reply was lost, but which Redis
 * had executed, then runs twice: an add must not be counted twice, and a second claim must not
 * overwrite the batch the first one created. Both found by the chaos test ({@code docs/chaos.md}).
 */
class RedisDeltaStoreRetransmitTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	private static final CounterKey LIKES = new CounterKey("Post", "likes", "1");

	private static final Duration LEASE = Duration.ofSeconds(30);

	private ReplyDroppingProxy proxy;

	private LettuceConnectionFactory connectionFactory;

	@BeforeEach
	void connectThroughProxy() {
		this.proxy = ReplyDroppingProxy.start(TestRedis.host(), TestRedis.port());
		this.connectionFactory = Loopback
			.connectionFactory(new RedisStandaloneConfiguration(Loopback.ADDRESS, this.proxy.port()));
	}

	@AfterEach
	void close() throws Exception {
		this.connectionFactory.destroy();
		this.proxy.close();
	}

	@ParameterizedTest(name = "single node: {0}")
	@ValueSource(booleans = { false, true })
	void anAddReSentAfterItsReplyWasLostCountsOnce(boolean singleNode) {
		RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory),
				"retransmit-" + UUID.randomUUID(), 4, Clock.systemUTC(), singleNode);
		store.add(Map.of(VIEWS, 1L)); // loads the script: from now on adds go as EVALSHA

		this.proxy.dropNextReplyTo("EVALSHA");
		store.add(Map.of(VIEWS, 1L));

		assertThat(this.proxy.dropped()).as("replies lost").isEqualTo(1);
		assertThat(store.pending(VIEWS).buffered()).isEqualTo(2);
	}

	@ParameterizedTest(name = "single node: {0}")
	@ValueSource(booleans = { false, true })
	void concurrentAddsOnTwoLanesWhileAReplyIsLostCountOnce(boolean singleNode) throws Exception {
		RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory),
				"retransmit-" + UUID.randomUUID(), 4, Clock.systemUTC(), singleNode, RedisDeltaStore.DEFAULT_SPILL_LIMIT,
				RedisDeltaStore.DEFAULT_WRITER_MARK_TTL, 2);
		store.add(Map.of(VIEWS, 1L)); // loads the script: from now on adds go as EVALSHA

		this.proxy.dropNextReplyTo("EVALSHA");
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				calls.add(callers.submit(() -> {
					for (int i = 0; i < 50; i++) {
						store.add(Map.of(VIEWS, 1L, LIKES, 2L));
					}
				}));
			}
			for (Future<?> call : calls) {
				call.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(store.pending(VIEWS).buffered()).isEqualTo(1 + 200);
			assertThat(store.pending(LIKES).buffered()).isEqualTo(400);
		});
		assertThat(this.proxy.dropped()).as("replies lost").isEqualTo(1);
	}

	@ParameterizedTest(name = "single node: {0}")
	@ValueSource(booleans = { false, true })
	void aClaimReSentAfterItsReplyWasLostKeepsTheFirstBatch(boolean singleNode) {
		MovableClock clock = new MovableClock();
		RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory),
				"retransmit-" + UUID.randomUUID(), 1, clock, singleNode);
		store.add(Map.of(VIEWS, 1L));
		store.add(Map.of(LIKES, 2L));
		store.claim(0, 1, LEASE).ifPresent((batch) -> store.release(batch, Duration.ZERO)); // loads the script
		Map<CounterKey, Long> claimed = new HashMap<>(claimAndAcknowledgeAll(store));
		store.add(Map.of(VIEWS, 1L));
		store.add(Map.of(LIKES, 2L));

		this.proxy.dropNextReplyTo(":leases"); // the claim's keys; the adds' have none
		ClaimedBatch second = store.claim(0, 1, LEASE).orElseThrow();
		store.acknowledge(second, List.of(), 3);
		second.deltas().forEach((key, delta) -> claimed.merge(key, delta, Long::sum));
		clock.advance(LEASE.plusSeconds(1)); // the first execution's batch comes back after its lease
		claimAndAcknowledgeAll(store).forEach((key, delta) -> claimed.merge(key, delta, Long::sum));

		assertThat(this.proxy.dropped()).as("replies lost").isEqualTo(1);
		assertThat(claimed).containsExactlyInAnyOrderEntriesOf(Map.of(VIEWS, 2L, LIKES, 4L));
	}

	private static Map<CounterKey, Long> claimAndAcknowledgeAll(RedisDeltaStore store) {
		Map<CounterKey, Long> claimed = new HashMap<>();
		Optional<ClaimedBatch> batch;
		while ((batch = store.claim(0, 1, LEASE)).isPresent()) {
			batch.get().deltas().forEach((key, delta) -> claimed.merge(key, delta, Long::sum));
			store.acknowledge(batch.get(), List.of(), 3);
		}
		return claimed;
	}

}
