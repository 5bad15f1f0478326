package io.github.bufferedcounter.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * By default a background thread adds counter cache deltas, and the committing thread goes on.
 */
class CounterCacheDeferredHandOffTest extends AbstractCounterCacheHandOffTest {

	@Test
	void theCommittingThreadDoesNotWriteToTheStore() {
		long article = article();

		assertThat(threadsAddingOneReply(article)).isNotEmpty()
			.doesNotContain(Thread.currentThread().getName())
			.containsOnly("buffered-counter-deferred-adds");
	}

}
