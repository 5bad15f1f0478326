package io.github.bufferedcounter.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What every {@link DeltaStore} must do, run against each implementation on a real server.
 */
abstract class AbstractDeltaStoreContractTest {

	static final Duration LEASE = Duration.ofSeconds(30);

	static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	static final CounterKey LIKES = new CounterKey("Post", "likes", "1");

	DeltaStore store;

	abstract DeltaStore createStore();

	@BeforeEach
	void create() {
		this.store = createStore();
	}

	Map<CounterKey, Long> claimAll() {
		Map<CounterKey, Long> all = new HashMap<>();
		for (int shard = 0; shard < this.store.shards(); shard++) {
			Optional<ClaimedBatch> batch;
			while ((batch = this.store.claim(shard, 1000, LEASE)).isPresent()) {
				batch.get().deltas().forEach((key, delta) -> all.merge(key, delta, Long::sum));
				this.store.acknowledge(batch.get(), List.of(), 3);
			}
		}
		return all;
	}

	ClaimedBatch claimOne(CounterKey key) {
		return this.store.claim(DeltaStore.shardOf(key, this.store.shards()), 1000, LEASE).orElseThrow();
	}

	@Test
	void aDeletedRowWithADeltaPendingIsKnownByEveryCounterOfItsRow() {
		CounterKey otherRow = new CounterKey("Post", "views", "2");
		this.store.add(Map.of(LIKES, 1L, otherRow, 1L));
		assertThat(this.store.deletedAmong(List.of(VIEWS, LIKES, otherRow))).isEmpty();

		this.store.rowsDeleted(List.of(VIEWS, LIKES));

		assertThat(this.store.deletedAmong(List.of(VIEWS, LIKES, otherRow))).containsExactlyInAnyOrder(VIEWS, LIKES);
	}

	@Test
	void aDeletedRowWithNothingPendingIsNotRemembered() {
		this.store.add(Map.of(new CounterKey("Post", "views", "2"), 1L));

		this.store.rowsDeleted(List.of(VIEWS, LIKES));

		assertThat(this.store.deletedAmong(List.of(VIEWS, LIKES))).isEmpty();
	}

	@Test
	void addSumsDeltasPerKey() {
		this.store.add(Map.of(VIEWS, 2L));
		this.store.add(Map.of(VIEWS, 3L, LIKES, -1L));

		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(5);
		assertThat(claimAll()).containsOnly(Map.entry(VIEWS, 5L), Map.entry(LIKES, -1L));
	}

	@Test
	void concurrentAddsAreAllCounted() throws Exception {
		CounterKey[] keys = { VIEWS, LIKES, new CounterKey("Post", "views", "2"), new CounterKey("Tag", "uses", "a") };
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<?>> writers = new ArrayList<>();
		for (int thread = 0; thread < 16; thread++) {
			int t = thread;
			writers.add(pool.submit(() -> {
				for (int i = 0; i < 500; i++) {
					this.store.add(Map.of(keys[(t + i) % keys.length], 1L));
				}
			}));
		}
		for (Future<?> writer : writers) {
			writer.get(1, TimeUnit.MINUTES);
		}
		pool.shutdown();

		assertThat(claimAll().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(16 * 500);
	}

	@Test
	void deltasThatCancelOutAreNotClaimed() {
		this.store.add(Map.of(VIEWS, 2L));
		this.store.add(Map.of(VIEWS, -2L));

		assertThat(claimAll()).isEmpty();
	}

	@Test
	void pendingOfAFieldListsItsBufferedAndInFlightCountersOfTheNamedEntitiesOnly() {
		CounterKey claimed = new CounterKey("Post", "views", "2");
		CounterKey subclass = new CounterKey("VideoPost", "views", "3");
		CounterKey cancelled = new CounterKey("Post", "views", "4");
		this.store.add(Map.of(claimed, 7L));
		ClaimedBatch batch = claimOne(claimed);
		this.store.add(Map.of(VIEWS, 2L, LIKES, 5L, subclass, 3L, new CounterKey("Tag", "views", "1"), 9L,
				new CounterKey("Postal", "views", "1"), 6L, claimed, 1L, cancelled, 1L));
		this.store.add(Map.of(cancelled, -1L));

		Map<CounterKey, PendingSnapshot> pending = this.store.pendingOfField(List.of("Post", "VideoPost"), "views");

		assertThat(pending).containsOnlyKeys(VIEWS, claimed, subclass);
		assertThat(pending.get(VIEWS).total()).isEqualTo(2);
		assertThat(pending.get(subclass).total()).isEqualTo(3);
		assertThat(pending.get(claimed).buffered()).isEqualTo(1);
		assertThat(pending.get(claimed).inFlight()).containsExactly(Map.entry(batch.id(), 7L));
		pending.forEach((key, snapshot) -> assertThat(snapshot.claimVersion()).isEqualTo(this.store.claimVersion(key)));
		this.store.acknowledge(batch, List.of(), 3);
		assertThat(this.store.pendingOfField(List.of("Post"), "views").get(claimed).inFlight()).isEmpty();
	}

	@Test
	void claimedBatchIsInFlightUntilAcknowledged() {
		this.store.add(Map.of(VIEWS, 4L));
		long version = this.store.claimVersion(VIEWS);
		ClaimedBatch batch = claimOne(VIEWS);

		assertThat(this.store.claimVersion(VIEWS)).isNotEqualTo(version);
		assertThat(this.store.pending(VIEWS).buffered()).isZero();
		assertThat(this.store.pending(VIEWS).inFlight()).containsExactly(Map.entry(batch.id(), 4L));
		this.store.acknowledge(batch, List.of(), 3);
		assertThat(this.store.pending(VIEWS).total()).isZero();
	}

	@Test
	void batchWithLapsedLeaseIsClaimedAgainWithSameId() throws Exception {
		this.store.add(Map.of(VIEWS, 4L));
		int shard = DeltaStore.shardOf(VIEWS, this.store.shards());
		ClaimedBatch first = this.store.claim(shard, 1000, Duration.ofMillis(100)).orElseThrow();
		assertThat(this.store.claim(shard, 1000, LEASE)).isEmpty();

		Thread.sleep(200);
		ClaimedBatch again = this.store.claim(shard, 1000, LEASE).orElseThrow();

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(again.deltas()).isEqualTo(first.deltas());
		assertThat(again.attempts()).isEqualTo(2);
	}

	@Test
	void releasedBatchIsClaimableAfterBackoff() throws Exception {
		this.store.add(Map.of(VIEWS, 4L));
		int shard = DeltaStore.shardOf(VIEWS, this.store.shards());
		ClaimedBatch batch = this.store.claim(shard, 1000, LEASE).orElseThrow();

		this.store.release(batch, Duration.ofMillis(100));
		Thread.sleep(200);

		assertThat(this.store.claim(shard, 1000, LEASE)).map(ClaimedBatch::id).contains(batch.id());
	}

	@Test
	void releaseAfterAnotherFlusherAcknowledgedDoesNotBringBatchBack() {
		this.store.add(Map.of(VIEWS, 4L));
		int shard = DeltaStore.shardOf(VIEWS, this.store.shards());
		ClaimedBatch batch = this.store.claim(shard, 1000, LEASE).orElseThrow();
		this.store.acknowledge(batch, List.of(), 3);

		this.store.release(batch, Duration.ZERO);
		this.store.add(Map.of(VIEWS, 1L));

		assertThat(this.store.claim(shard, 1000, LEASE).orElseThrow().deltas()).containsExactly(Map.entry(VIEWS, 1L));
	}

	@Test
	void claimTakesAtMostMaxKeys() {
		Map<CounterKey, Long> many = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			many.put(new CounterKey("Post", "views", "7"), 1L);
			many.put(new CounterKey("Post", "f" + i, "7"), 1L);
		}
		this.store.add(many);
		int shard = DeltaStore.shardOf(new CounterKey("Post", "views", "7"), this.store.shards());

		ClaimedBatch batch = this.store.claim(shard, 10, LEASE).orElseThrow();

		assertThat(batch.deltas()).hasSize(10);
		assertThat(claimAll()).hasSize(41);
	}

	@Test
	void rejectedDeltaIsBufferedAgainThenParked() {
		this.store.add(Map.of(VIEWS, 4L));
		long dead = this.store.deadLetterCount();
		for (int attempt = 1; attempt <= 2; attempt++) {
			ClaimedBatch batch = claimOne(VIEWS);
			assertThat(this.store.acknowledge(batch, List.of(new RejectedDelta(VIEWS, 4L, "overflow")), 3)).isZero();
			assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(4);
		}
		ClaimedBatch last = claimOne(VIEWS);

		assertThat(this.store.acknowledge(last, List.of(new RejectedDelta(VIEWS, 4L, "overflow")), 3)).isEqualTo(1);
		assertThat(this.store.pending(VIEWS).total()).isZero();
		assertThat(this.store.deadLetterCount()).isEqualTo(dead + 1);
	}

	@Test
	void overflowingAddFailsAndChangesNothing() {
		this.store.add(Map.of(VIEWS, Long.MAX_VALUE - 1));

		assertThatIllegalStateException().isThrownBy(() -> this.store.add(Map.of(LIKES, 5L, VIEWS, 2L)))
			.withMessageContaining("overflow");
		assertThatIllegalStateException().isThrownBy(() -> this.store.add(Map.of(VIEWS, 2L)))
			.withMessageContaining("overflow");

		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(Long.MAX_VALUE - 1);
		assertThat(this.store.pending(LIKES).buffered()).isZero();
	}

}
