package io.github.bufferedcounter.store.redis;

import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.store.CounterKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SpillBufferTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	/**
	 * An add that found the store open while Redis was away can reach the buffer after the
	 * store's close reported what it held: it must fail, not wait for a drain that never comes.
	 */
	@Test
	void onceClosedItReportsWhatItHeldOnceAndHoldsNothingMore() {
		SpillBuffer spill = new SpillBuffer(10);
		spill.keepUnclear(new RedisWrite(new WriteLane(), 1, Map.of(0, List.of(VIEWS.encode(), "2")), Map.of(VIEWS, 2L)));
		assertThat(spill.hold(Map.of(VIEWS, 3L))).isTrue();

		assertThat(spill.close()).containsExactly(Map.entry(VIEWS, 5L));

		assertThatIllegalStateException().isThrownBy(() -> spill.hold(Map.of(VIEWS, 1L)))
			.withMessageContaining("closed and Redis cannot be reached");
		assertThat(spill.close()).as("reported once").isEmpty();
	}

	/**
	 * Held deltas become writes in one step: a reader of the buffer never sees them in neither
	 * place, which would let {@code spilledKeys()} read 0 while a drain still had work to do.
	 */
	@Test
	void heldDeltasStayCountedWhileTheyBecomeWrites() {
		SpillBuffer spill = new SpillBuffer(10);
		spill.keepUnclear(new RedisWrite(new WriteLane(), 1, Map.of(0, List.of(VIEWS.encode(), "2")), Map.of(VIEWS, 2L)));
		CounterKey likes = new CounterKey("Post", "likes", "1");
		spill.hold(Map.of(likes, 5L));
		spill.sent(spill.firstUnclear());

		boolean moved = spill.keepHeldAs((held) -> {
			assertThat(spill.keys()).as("counted while being planned").isEqualTo(1);
			return List.of(new RedisWrite(new WriteLane(), 2, Map.of(0, List.of(likes.encode(), "5")), held));
		});

		assertThat(moved).isTrue();
		assertThat(spill.keys()).isEqualTo(1);
		assertThat(spill.heldFor(likes)).isEqualTo(5);
		assertThat(spill.firstUnclear().number()).isEqualTo(2);
		assertThat(spill.keepHeldAs((held) -> List.of())).as("nothing held any more").isFalse();
		assertThat(spill.finishIfEmpty()).as("the write is still kept").isFalse();
	}

}
