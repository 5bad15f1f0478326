package io.github.bufferedcounter.virtualthreads;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many virtual threads on two carriers (the surefire configuration of this module) increment
 * through the Redis store, directly (the group commit) and through local aggregation, and read
 * their counters, while every reply of Redis is held back by a proxy; and again, directly, while
 * the proxy cuts Redis off, so that the adds go to the spill buffer and are sent once it is back. Every increment must be
 * in Redis exactly once, the threads must finish (a bounded wait, which a deadlock fails), no
 * virtual thread may be pinned with a library frame on its stack (JFR), and none may wait to
 * enter a monitor of the library, which pins it on Java 21 to 23. A few adds and reads before
 * the run load the classes on the path: class loading pins on every Java version, once.
 */
class VirtualThreadIncrementTest {

	private static final int THREADS = 2_000;

	private static final int INCREMENTS_PER_THREAD = 5;

	private static final int KEYS = 10;

	private static final int WARM_UP_THREADS = 16;

	private static final Duration REPLY_DELAY = Duration.ofMillis(5);

	/** Longer than any reply takes through the proxy: a slow reply must not spill. */
	private static final Duration SLOW_TIMEOUT = Duration.ofMinutes(5);

	/** How long a write waits during the outage before it is kept in the spill buffer. */
	private static final Duration OUTAGE_TIMEOUT = Duration.ofSeconds(1);

	/** Far beyond what the run needs even on a loaded machine: reaching it means the threads are stuck. */
	private static final Duration STUCK = Duration.ofMinutes(3);

	private RedisUnderTest redis;

	private SlowProxy proxy;

	private LettuceConnectionFactory slow;

	private LettuceConnectionFactory fast;

	/** Reconnects every 100 ms, so that the store writes again soon after an outage. */
	private final ClientResources quickReconnect = ClientResources.builder()
		.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
		.build();

	private final String prefix = "vt-" + UUID.randomUUID();

	@BeforeEach
	void startSlowRedis() throws Exception {
		this.redis = RedisUnderTest.start();
		this.proxy = new SlowProxy(this.redis.host(), this.redis.port(), REPLY_DELAY);
		this.slow = connect(this.proxy.port(), SLOW_TIMEOUT);
		this.fast = connect(this.redis.port(), SLOW_TIMEOUT);
	}

	@AfterEach
	void stopRedis() throws Exception {
		this.slow.destroy();
		this.fast.destroy();
		this.proxy.close();
		this.redis.close();
		this.quickReconnect.shutdown();
	}

	@Test
	void everyIncrementOfTwoThousandVirtualThreadsIsAddedOnceUnpinnedWhileRedisIsSlow() throws Exception {
		RedisDeltaStore direct = store(this.slow);
		AggregatingDeltaStore aggregated = new AggregatingDeltaStore(store(this.slow), Duration.ofMillis(50));
		List<String> pinned;
		Set<String> blocked;
		try (PinnedInLibrary pinning = startAfterLoadingClasses(direct, aggregated)) {
			List<Thread> threads = virtualThreads(direct, aggregated);
			try (BlockedOnLibraryMonitor waits = BlockedOnLibraryMonitor.watch(threads)) {
				runToEnd(threads);
				blocked = waits.stop();
			}
			aggregated.sync();
			pinned = pinning.stop();
		}
		finally {
			aggregated.close();
			direct.close();
		}

		assertEveryIncrementOnce(VirtualThreadIncrementTest::directKey);
		assertEveryIncrementOnce(VirtualThreadIncrementTest::aggregatedKey);
		assertNoneWaitedInTheLibrary(pinned, blocked);
	}

	@Test
	void everyIncrementOfTwoThousandVirtualThreadsIsAddedOnceUnpinnedThroughAnOutage() throws Exception {
		LettuceConnectionFactory outage = connect(this.proxy.port(), OUTAGE_TIMEOUT);
		RedisDeltaStore direct = store(outage);
		AggregatingDeltaStore aggregated = new AggregatingDeltaStore(store(outage), Duration.ofMillis(50));
		List<String> pinned;
		Set<String> blocked;
		spillOnce(direct);
		try (PinnedInLibrary pinning = startAfterLoadingClasses(direct, aggregated)) {
			this.proxy.cut();
			List<Thread> threads = virtualThreads(direct, null);
			try (BlockedOnLibraryMonitor waits = BlockedOnLibraryMonitor.watch(threads)) {
				runToEnd(threads);
				assertThat(direct.spilledKeys()).as("keys held in the spill buffer during the outage").isPositive();
				this.proxy.restore();
				awaitSpillBufferEmpty(direct);
				blocked = waits.stop();
			}
			pinned = pinning.stop();
		}
		finally {
			aggregated.close();
			direct.close();
			outage.destroy();
		}

		assertEveryIncrementOnce(VirtualThreadIncrementTest::directKey);
		assertNoneWaitedInTheLibrary(pinned, blocked);
	}

	/** Reads, past the proxy, that each key holds its share of the increments, no more, no less. */
	private void assertEveryIncrementOnce(IntFunction<CounterKey> keys) {
		DeltaStore reader = store(this.fast);
		long each = (long) THREADS * INCREMENTS_PER_THREAD / KEYS;
		for (int key = 0; key < KEYS; key++) {
			assertThat(reader.pending(keys.apply(key)).buffered()).as("%s", keys.apply(key)).isEqualTo(each);
		}
	}

	private static void assertNoneWaitedInTheLibrary(List<String> pinned, Set<String> blocked) {
		assertThat(pinned).as("virtual threads pinned with the library on their stack").isEmpty();
		assertThat(blocked).as("virtual threads waiting to enter a monitor of the library").isEmpty();
	}

	/**
	 * Takes the store through a short outage with one add of nothing, so that the classes of
	 * the outage path (a command timeout, the spill buffer, the drainer) are loaded and
	 * initialized before anything is watched.
	 */
	private void spillOnce(RedisDeltaStore store) throws Exception {
		this.proxy.cut();
		store.add(Map.of(new CounterKey("WarmUp", "n", "0"), 0L));
		assertThat(store.spilledKeys()).as("keys held in the spill buffer during the warm-up outage").isPositive();
		this.proxy.restore();
		awaitSpillBufferEmpty(store);
	}

	/** The spill drainer sends what the outage left every half second; a bounded wait for it. */
	private static void awaitSpillBufferEmpty(RedisDeltaStore store) throws InterruptedException {
		long deadline = System.nanoTime() + STUCK.toNanos();
		while (store.spilledKeys() > 0) {
			assertThat(System.nanoTime()).as("spill buffer still holding keys after %s", STUCK).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/**
	 * Runs the path from a few threads at once, so that the group commit combines some adds
	 * too, then starts recording pinned threads. Adds nothing that counts: zero deltas, on a
	 * key of its own.
	 */
	private static PinnedInLibrary startAfterLoadingClasses(DeltaStore direct, DeltaStore aggregated)
			throws InterruptedException {
		CounterKey warmUp = new CounterKey("WarmUp", "n", "0");
		List<Thread> threads = new ArrayList<>();
		for (int thread = 0; thread < WARM_UP_THREADS; thread++) {
			threads.add(Thread.ofVirtual().unstarted(() -> {
				direct.add(Map.of(warmUp, 0L));
				aggregated.add(Map.of(warmUp, 0L));
				aggregated.pending(warmUp);
			}));
		}
		runToEnd(threads);
		aggregated.sync();
		return PinnedInLibrary.start();
	}

	/**
	 * Each thread makes its increments one by one on both stores, then reads the aggregated
	 * counter, as a request that counts views and shows the count would. Reads take turns
	 * with the aggregated store's pushes, so one read per thread keeps the run short. Without
	 * an aggregated store (a read fails while Redis is away), only the direct increments.
	 */
	private List<Thread> virtualThreads(DeltaStore direct, DeltaStore aggregated) {
		List<Thread> threads = new ArrayList<>();
		for (int thread = 0; thread < THREADS; thread++) {
			int first = thread;
			threads.add(Thread.ofVirtual().name("increments-" + thread).unstarted(() -> {
				for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
					int key = (first * INCREMENTS_PER_THREAD + i) % KEYS;
					direct.add(Map.of(directKey(key), 1L));
					if (aggregated != null) {
						aggregated.add(Map.of(aggregatedKey(key), 1L));
					}
				}
				if (aggregated != null) {
					aggregated.pending(aggregatedKey(first % KEYS));
				}
			}));
		}
		return threads;
	}

	private static void runToEnd(List<Thread> threads) throws InterruptedException {
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		threads.forEach((thread) -> thread.setUncaughtExceptionHandler((failed, ex) -> failures.add(ex)));
		threads.forEach(Thread::start);
		long deadline = System.nanoTime() + STUCK.toNanos();
		for (Thread thread : threads) {
			long left = deadline - System.nanoTime();
			assertThat(left > 0 && thread.join(Duration.ofNanos(left)))
				.as("%s still incrementing after %s: stuck", thread, STUCK)
				.isTrue();
		}
		assertThat(failures).as("increments that failed").isEmpty();
	}

	private RedisDeltaStore store(LettuceConnectionFactory connection) {
		return new RedisDeltaStore(new StringRedisTemplate(connection), this.prefix, 4, Clock.systemUTC(), true,
				RedisDeltaStore.DEFAULT_SPILL_LIMIT, RedisDeltaStore.DEFAULT_WRITER_MARK_TTL, 2);
	}

	private static CounterKey directKey(int key) {
		return new CounterKey("Direct", "n", Integer.toString(key));
	}

	private static CounterKey aggregatedKey(int key) {
		return new CounterKey("Aggregated", "n", Integer.toString(key));
	}

	private LettuceConnectionFactory connect(int port, Duration timeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port), LettuceClientConfiguration.builder()
					.commandTimeout(timeout)
					.clientResources(this.quickReconnect)
					.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
