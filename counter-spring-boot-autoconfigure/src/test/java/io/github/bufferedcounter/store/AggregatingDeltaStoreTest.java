package io.github.bufferedcounter.store;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AggregatingDeltaStoreTest extends AbstractDeltaStoreContractTest {

	MemoryDeltaStore shared;

	@Override
	DeltaStore createStore() {
		this.shared = new MemoryDeltaStore(Clock.systemUTC());
		return new AggregatingDeltaStore(this.shared, Duration.ofMillis(50));
	}

	@Test
	void sumsReachTheSharedStoreWithinAWindow() throws Exception {
		this.store.add(Map.of(VIEWS, 2L));
		this.store.add(Map.of(VIEWS, 3L));
		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(5);

		Thread.sleep(300);

		assertThat(this.shared.pending(VIEWS).buffered()).isEqualTo(5);
		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(5);
	}

	@Test
	void closePushesWhatIsLeft() {
		AggregatingDeltaStore slow = new AggregatingDeltaStore(this.shared, Duration.ofHours(1));
		slow.add(Map.of(LIKES, 7L));
		assertThat(this.shared.pending(LIKES).buffered()).isZero();

		slow.close();

		assertThat(this.shared.pending(LIKES).buffered()).isEqualTo(7);
	}

	@Test
	void addsAfterCloseGoStraightToTheSharedStore() {
		AggregatingDeltaStore slow = new AggregatingDeltaStore(this.shared, Duration.ofHours(1));
		slow.close();

		slow.add(Map.of(LIKES, 4L));

		assertThat(this.shared.pending(LIKES).buffered()).isEqualTo(4);
	}

	@Test
	void aSumTheStoreRefusesIsKeptWhileTheOthersArePushed() {
		this.shared.add(Map.of(LIKES, Long.MAX_VALUE));
		AggregatingDeltaStore slow = new AggregatingDeltaStore(this.shared, Duration.ofHours(1));
		slow.add(Map.of(LIKES, 1L, VIEWS, 5L));

		slow.sync();

		assertThat(this.shared.pending(VIEWS).buffered()).isEqualTo(5);
		assertThat(this.shared.pending(LIKES).buffered()).isEqualTo(Long.MAX_VALUE);
		// a flush takes the shared sum; then the kept delta fits
		ClaimedBatch batch = this.shared.claim(DeltaStore.shardOf(LIKES, this.shared.shards()), 1000, Duration.ofMinutes(1))
			.orElseThrow();
		this.shared.acknowledge(batch, List.of(), 3);
		slow.sync();
		assertThat(this.shared.pending(LIKES).buffered()).isEqualTo(1);
		slow.close();
	}

	@Test
	void aPushThatMayHaveBeenAddedIsNotPushedAgain() {
		AtomicBoolean failAfterAdding = new AtomicBoolean(true);
		MemoryDeltaStore unclear = new MemoryDeltaStore(Clock.systemUTC()) {

			@Override
			public void add(Map<CounterKey, Long> deltas) {
				super.add(deltas);
				if (failAfterAdding.getAndSet(false)) {
					throw new IllegalStateException("the reply was lost: may or may not have been added");
				}
			}

		};
		AggregatingDeltaStore slow = new AggregatingDeltaStore(unclear, Duration.ofHours(1));
		slow.add(Map.of(VIEWS, 5L));

		slow.sync();
		slow.close();
		slow.close();

		assertThat(unclear.pending(VIEWS).buffered()).isEqualTo(5);
	}

	@Test
	void whileTheStoreRefusesPushesNewKeysFailPastTheLimit() {
		AtomicBoolean refusing = new AtomicBoolean(true);
		MemoryDeltaStore away = new MemoryDeltaStore(Clock.systemUTC()) {

			@Override
			public void add(Map<CounterKey, Long> deltas) {
				if (refusing.get()) {
					throw new SpillBufferFullException("Redis cannot be reached and the spill buffer is full");
				}
				super.add(deltas);
			}

		};
		AggregatingDeltaStore slow = new AggregatingDeltaStore(away, Duration.ofHours(1), 2);
		CounterKey other = new CounterKey("Post", "views", "2");
		slow.add(Map.of(VIEWS, 1L, LIKES, 1L));
		slow.add(Map.of(other, 1L));
		assertThat(slow.pending(other).buffered()).as("no refusal yet: no limit").isEqualTo(1);
		slow.add(Map.of(other, -1L));
		slow.sync();

		assertThatExceptionOfType(SpillBufferFullException.class).isThrownBy(() -> slow.add(Map.of(other, 1L)))
			.withMessageContaining("buffered-counter.redis.spill-limit");
		slow.add(Map.of(VIEWS, 2L));

		refusing.set(false);
		slow.sync();
		assertThat(away.pending(VIEWS).buffered()).isEqualTo(3);
		assertThat(away.pending(LIKES).buffered()).isEqualTo(1);
		slow.add(Map.of(other, 1L));
		slow.close();
		assertThat(away.pending(other).buffered()).isEqualTo(1);
	}

	/**
	 * An add that found the store open and sums while close() waits in the shared store's
	 * sync() returned normally: its sum must still be pushed, not taken by close() as lost.
	 */
	@Test
	void anAddSummedWhileCloseSyncsIsPushed() throws Exception {
		CountDownLatch adding = new CountDownLatch(1);
		CountDownLatch mayAdd = new CountDownLatch(1);
		CountDownLatch summed = new CountDownLatch(1);
		MemoryDeltaStore shared = new MemoryDeltaStore(Clock.systemUTC()) {

			@Override
			public void sync() {
				mayAdd.countDown();
				await(summed);
			}

		};
		AggregatingDeltaStore store = new AggregatingDeltaStore(shared, Duration.ofHours(1));
		Map<CounterKey, Long> slow = new HashMap<>(Map.of(VIEWS, 1L)) {

			@Override
			public void forEach(BiConsumer<? super CounterKey, ? super Long> action) {
				adding.countDown();
				await(mayAdd);
				super.forEach(action);
				summed.countDown();
				// descheduled between summing and looking at the closed flag again
				await(new CountDownLatch(1), 300);
			}

		};
		Thread adder = new Thread(() -> store.add(slow));
		adder.start();
		assertThat(adding.await(5, TimeUnit.SECONDS)).isTrue();

		store.close();
		adder.join(5000);

		assertThat(shared.pending(VIEWS).buffered()).isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		await(latch, 5000);
	}

	private static void await(CountDownLatch latch, long millis) {
		try {
			latch.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
