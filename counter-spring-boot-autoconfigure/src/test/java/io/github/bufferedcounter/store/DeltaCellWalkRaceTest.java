package io.github.bufferedcounter.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local aggregation's push and the memory store's claim walk their cells in a
 * {@link ConcurrentHashMap}, which visits a key a second time when the walk removes the key's
 * retired cell and a writer puts a fresh one into the same bin, behind a key the walk has not
 * reached yet. A walk that kept only the last sum it drained for a key lost the first: the
 * cause of the one local-aggregation run that counted 7,757 of 8,000 increments.
 */
class DeltaCellWalkRaceTest {

	private static final int WRITERS = 4;

	private static final int PER_WRITER = 200_000;

	private static final long TOTAL = (long) WRITERS * PER_WRITER;

	/** The bin of a key in a map of 16 bins (the default size), as the map computes it. */
	private static int bin(Object key) {
		int h = key.hashCode();
		return ((h ^ (h >>> 16)) & 0x7fffffff) & 15;
	}

	/** Two keys in one bin, so that a walk goes from the first to the second. */
	private static CounterKey[] keysInOneBin() {
		CounterKey first = new CounterKey("Post", "viewCount", "1");
		for (int id = 2;; id++) {
			CounterKey other = new CounterKey("Post", "viewCount", Integer.toString(id));
			if (bin(other) == bin(first)) {
				return new CounterKey[] { first, other };
			}
		}
	}

	/** What the push runs into, in one thread. */
	@Test
	void aWalkSeesAKeyAgainWhoseEntryWasRemovedAndPutBackInItsBin() {
		CounterKey[] keys = keysInOneBin();
		ConcurrentHashMap<CounterKey, String> map = new ConcurrentHashMap<>();
		map.put(keys[0], "retired cell");
		map.put(keys[1], "other");
		List<String> visits = new ArrayList<>();
		map.forEach((key, value) -> {
			visits.add(key + "=" + value);
			if (value.equals("retired cell")) {
				map.remove(key, value);
				map.computeIfAbsent(key, (k) -> "fresh cell");
			}
		});
		assertThat(visits).containsExactly(keys[0] + "=retired cell", keys[1] + "=other", keys[0] + "=fresh cell");
	}

	@Test
	void everyIncrementReachesTheStoreBehindWhilePushesRun() throws InterruptedException {
		CounterKey[] keys = keysInOneBin();
		MemoryDeltaStore behind = new MemoryDeltaStore(Clock.systemUTC());
		AggregatingDeltaStore store = new AggregatingDeltaStore(behind, Duration.ofHours(1));
		AtomicBoolean writing = new AtomicBoolean(true);
		Thread pusher = started(() -> {
			while (writing.get()) {
				store.sync();
			}
		});
		addFromFourThreads(store, keys);
		writing.set(false);
		pusher.join();
		store.close();

		assertThat(behind.pending(keys[0]).buffered() + behind.pending(keys[1]).buffered()).isEqualTo(TOTAL);
	}

	/** The memory store's claim walks its cells the same way. */
	@Test
	void everyIncrementOfTheMemoryStoreIsClaimedWhileClaimsRun() throws InterruptedException {
		CounterKey[] keys = keysInOneBin();
		MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong claimed = new AtomicLong();
		Runnable claimAll = () -> {
			Optional<ClaimedBatch> batch;
			while ((batch = store.claim(0, 1000, Duration.ofMinutes(1))).isPresent()) {
				batch.get().deltas().values().forEach(claimed::addAndGet);
				store.acknowledge(batch.get(), List.of(), 3);
			}
		};
		Thread claimer = started(() -> {
			while (writing.get()) {
				claimAll.run();
			}
		});
		addFromFourThreads(store, keys);
		writing.set(false);
		claimer.join();
		claimAll.run();

		assertThat(claimed.get()).isEqualTo(TOTAL);
	}

	private static void addFromFourThreads(DeltaStore store, CounterKey[] keys) throws InterruptedException {
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			threads.add(started(() -> {
				for (int i = 0; i < PER_WRITER; i++) {
					store.add(Map.of(keys[(writer + i) % 2], 1L));
					if ((i & 63) == 0) {
						Thread.yield();
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	private static Thread started(Runnable task) {
		Thread thread = new Thread(task);
		thread.start();
		return thread;
	}

}
