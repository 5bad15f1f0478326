package io.github.bufferedcounter.it;

import java.time.Duration;

import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class H2MemoryStoreTest extends AbstractBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
		registry.add("buffered-counter.store", () -> "memory");
	}

	@Test
	void memoryStoreIsUsed() {
		assertThat(this.store).isInstanceOf(MemoryDeltaStore.class);
	}

	@Test
	void aScheduleFlushesEveryIntervalAndNotOnceStopped() throws Exception {
		FlushScheduler scheduler = new FlushScheduler(flusher(this.store, Duration.ofSeconds(30)), Duration.ofMillis(20),
				Duration.ofSeconds(5));
		scheduler.start();
		this.counters.increment(Post.class, this.postId, "viewCount", 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> views(this.postId) == 1);

		scheduler.stop();
		this.counters.increment(Post.class, this.postId, "viewCount", 1);
		Thread.sleep(300);

		assertThat(views(this.postId)).as("no flush in 15 intervals after stop").isEqualTo(1);
		assertThat(this.counters.pending(Post.class, this.postId, "viewCount")).isEqualTo(1);
		this.counters.flush();
	}

}
