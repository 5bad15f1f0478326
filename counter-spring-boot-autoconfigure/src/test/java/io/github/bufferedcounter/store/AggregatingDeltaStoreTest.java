package io.github.bufferedcounter.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

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

}
