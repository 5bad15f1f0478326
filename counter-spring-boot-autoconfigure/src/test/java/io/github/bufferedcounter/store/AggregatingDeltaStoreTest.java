package io.github.bufferedcounter.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
