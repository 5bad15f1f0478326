package io.github.bufferedcounter.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedis;
import io.github.bufferedcounter.testsupport.TestRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Committed deltas added from a thread of their own, on a real Redis store: nothing is lost or
 * counted twice, a sync or a pending read waits for them, and a refused sum loses only the
 * transaction at fault.
 */
class DeferredAddsTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	private static final CounterKey LIKES = new CounterKey("Post", "likes", "1");

	private LettuceConnectionFactory connectionFactory;

	private RedisDeltaStore store;

	@BeforeEach
	void connect() {
		this.connectionFactory = Loopback
			.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory),
				"deferred-" + UUID.randomUUID(), 4, Clock.systemUTC(), true);
	}

	@AfterEach
	void disconnect() {
		this.store.close();
		this.connectionFactory.destroy();
	}

	@Test
	void committedDeltasFromManyThreadsArriveOnceEach() throws Exception {
		int threads = 8;
		int transactions = 500;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					for (int i = 0; i < transactions; i++) {
						this.store.addCommitted(Map.of(VIEWS, 1L, row(i % 20), (long) thread));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		this.store.sync();

		assertThat(buffered(VIEWS)).isEqualTo((long) threads * transactions);
		long perRow = (transactions / 20) * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7);
		for (int r = 0; r < 20; r++) {
			assertThat(buffered(row(r))).as("row %d", r).isEqualTo(perRow);
		}
	}

	@Test
	void aPendingReadRightAfterTheCommitSeesTheDeltas() {
		for (int i = 1; i <= 200; i++) {
			this.store.addCommitted(Map.of(VIEWS, 1L));
			assertThat(buffered(VIEWS)).isEqualTo(i);
		}
	}

	@Test
	void aRefusedSumLosesOnlyTheTransactionAtFault() {
		this.store.add(Map.of(VIEWS, Long.MAX_VALUE - 1));
		DeferredAdds adds = new DeferredAdds(this.store, "test deltas", (key) -> 0, false);
		adds.add(Map.of(LIKES, 5L));
		adds.add(Map.of(VIEWS, 2L));
		adds.add(Map.of(LIKES, 7L, VIEWS, 1L));

		adds.sync();

		assertThat(buffered(LIKES)).isEqualTo(12);
		assertThat(buffered(VIEWS)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void deltasWhoseSumOverflowsGoOneTransactionAtATime() {
		DeferredAdds adds = new DeferredAdds(this.store, "test deltas", (key) -> 0, false);
		adds.add(Map.of(VIEWS, Long.MAX_VALUE, LIKES, 1L));
		adds.add(Map.of(VIEWS, 1L, LIKES, 2L));

		adds.sync();

		assertThat(buffered(VIEWS)).isEqualTo(Long.MAX_VALUE);
		assertThat(buffered(LIKES)).as("the second transaction's other key is kept").isEqualTo(3);
	}

	@Test
	void pastTheQueueBoundTheCommittingThreadWritesItself() {
		DeferredAdds adds = new DeferredAdds(this.store, "test deltas", (key) -> 0, false);
		for (int i = 0; i < DeferredAdds.MAX_QUEUED; i++) {
			adds.add(Map.of(VIEWS, 1L));
		}
		assertThat(buffered(VIEWS)).isZero();

		adds.add(Map.of(LIKES, 3L));

		assertThat(buffered(LIKES)).isEqualTo(3);
		adds.sync();
		assertThat(buffered(VIEWS)).isEqualTo(DeferredAdds.MAX_QUEUED);
	}

	@Test
	void queuedCountsTheTransactionsWaiting() {
		DeferredAdds adds = new DeferredAdds(this.store, "test deltas", (key) -> 0, false);
		adds.add(Map.of(VIEWS, 1L));
		adds.add(Map.of(VIEWS, 1L, LIKES, 1L));
		assertThat(adds.queued()).isEqualTo(2);

		adds.sync();

		assertThat(adds.queued()).isZero();
		assertThat(buffered(VIEWS)).isEqualTo(2);
	}

	@Test
	void closeWritesWhatIsQueued() {
		DeferredAdds adds = new DeferredAdds(this.store, "test deltas", (key) -> 0, false);
		adds.add(Map.of(VIEWS, 4L));
		adds.add(Map.of(VIEWS, -1L, LIKES, 2L));

		adds.close();

		assertThat(buffered(VIEWS)).isEqualTo(3);
		assertThat(buffered(LIKES)).isEqualTo(2);
		adds.add(Map.of(LIKES, 1L));
		assertThat(buffered(LIKES)).as("added after close: written at once").isEqualTo(3);
	}

	private static CounterKey row(int id) {
		return new CounterKey("Tag", "uses", Integer.toString(id));
	}

	private long buffered(CounterKey key) {
		return this.store.pending(key).buffered();
	}

	@Test
	void onAClusterARefusedShardLosesNothingOfTheOtherShards() {
		LettuceConnectionFactory cluster = Loopback
			.connectionFactory(new RedisClusterConfiguration(TestRedisCluster.nodes()));
		try {
			int shards = 16;
			RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(cluster), "deferred-" + UUID.randomUUID(),
					shards, Clock.systemUTC(), false);
			CounterKey full = row(0);
			CounterKey other = row(1);
			for (int id = 2; DeltaStore.shardOf(other, shards) == DeltaStore.shardOf(full, shards); id++) {
				other = row(id);
			}
			store.add(Map.of(full, Long.MAX_VALUE - 1));
			DeferredAdds adds = new DeferredAdds(store, "test deltas", (key) -> DeltaStore.shardOf(key, shards), false);
			adds.add(Map.of(other, 1L, full, 1L));
			adds.add(Map.of(full, 5L));

			adds.sync();

			assertThat(store.pending(other).buffered()).isEqualTo(1);
			assertThat(store.pending(full).buffered()).as("the first transaction's +1 fits, the second's +5 not")
				.isEqualTo(Long.MAX_VALUE);
			store.close();
		}
		finally {
			cluster.destroy();
		}
	}

}
