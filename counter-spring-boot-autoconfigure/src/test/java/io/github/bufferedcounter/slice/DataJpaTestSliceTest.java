package io.github.bufferedcounter.slice;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.test.TestTransactionFlush;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.transaction.TestTransaction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's first entity test: {@code @DataJpaTest} with no annotation of ours. The slice imports
 * the counters itself, on the memory store and without a scheduled flush.
 */
@DataJpaTest
class DataJpaTestSliceTest {

	@Autowired
	private TestEntityManager entities;

	@Autowired
	private BufferedCounters counters;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ApplicationContext context;

	@Test
	void theSliceCountsOnTheMemoryStoreAndFlushesOnlyWhenTheTestAsks() {
		assertThat(this.context.getBean(DeltaStore.class)).isInstanceOf(MemoryDeltaStore.class);
		assertThat(this.context.getBeanProvider(FlushScheduler.class).getIfAvailable()).isNull();
	}

	@Test
	void savingALoadedEntityLeavesItsCounterColumnsAlone() {
		this.entities.persistAndFlush(new Story(1L, "first"));
		this.entities.clear();
		Story story = this.entities.find(Story.class, 1L);
		// a flush writes the column while the entity is loaded with the old value
		this.jdbc.update("update story set views = 5 where id = 1");
		story.setTitle("renamed");
		this.entities.flush();
		assertThat(this.jdbc.queryForMap("select title, views from story where id = 1")).containsEntry("title", "renamed")
			.containsEntry("views", 5L);
	}

	@Test
	void incrementsAndCounterCachesReachTheColumnsWhenTheTestCommitsAndFlushes() {
		Story story = this.entities.persist(new Story(2L, "second"));
		this.entities.persist(new Remark(21L, story));
		this.entities.persist(new Remark(22L, story));
		this.counters.increment(Story.class, 2L, "views", 3);
		// the test's own transaction sees its increments; the column has none yet
		assertThat(this.counters.current(Story.class, 2L, "views")).isEqualTo(3);

		TestTransactionFlush.commitAndFlush(this.counters);

		assertThat(TestTransaction.isActive()).isTrue();
		assertThat(this.jdbc.queryForMap("select views, remark_count from story where id = 2"))
			.containsEntry("views", 3L)
			.containsEntry("remark_count", 2L);
		assertThat(this.counters.pending(Story.class, 2L, "remarkCount")).isZero();
	}

	@Test
	void incrementsOfARolledBackTestAreNeverCounted() {
		this.entities.persist(new Story(3L, "third"));
		TestTransaction.flagForCommit();
		TestTransaction.end();
		TestTransaction.start();
		this.counters.increment(Story.class, 3L, "views", 7);
		assertThat(this.counters.pending(Story.class, 3L, "views")).isEqualTo(7);

		TestTransaction.end();
		this.counters.flush();

		assertThat(this.counters.pending(Story.class, 3L, "views")).isZero();
		assertThat(this.jdbc.queryForObject("select views from story where id = 3", Long.class)).isZero();
		TestTransaction.start();
	}

}
