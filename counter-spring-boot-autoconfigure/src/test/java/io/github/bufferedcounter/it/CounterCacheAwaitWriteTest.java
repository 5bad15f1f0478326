package io.github.bufferedcounter.it;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code buffered-counter.counter-cache.await-write=true} the committing thread adds its
 * counter cache deltas itself, before the commit returns.
 */
@TestPropertySource(properties = "buffered-counter.counter-cache.await-write=true")
class CounterCacheAwaitWriteTest extends AbstractCounterCacheHandOffTest {

	@Test
	void theCommittingThreadWritesToTheStore() {
		long article = article();

		assertThat(threadsAddingOneReply(article)).containsExactly(Thread.currentThread().getName());
	}

}
