package io.github.bufferedcounter.flush;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.RankedCount;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.CountedLeaf;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.JoinedItem;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.JoinedVideo;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.PlainBase;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.SingleItem;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.SingleVideo;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.read.TopCounters;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Leaderboards over an entity hierarchy: a row's deltas under its subclass's name count for the
 * parent's ranking, and an entity whose counters share a table with its parent's rows is
 * refused, since ranking the table would rank rows that are not of that entity.
 */
class InheritedTopTest {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql", "mariadb", "h2" })
	void aRowsDeltasUnderItsSubclassNameCountForItsParentsRanking(String database) throws Exception {
		TestDatabase db = InheritedCountersTest.database(database);
		try (EntityManagerFactory factory = InheritedCountersTest.factory(db, SingleItem.class, SingleVideo.class)) {
			factory.runInTransaction((entityManager) -> {
				SingleVideo video = new SingleVideo();
				video.id = 1L;
				entityManager.persist(video);
				SingleItem item = new SingleItem();
				item.id = 2L;
				entityManager.persist(item);
			});
			MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
			store.add(Map.of(new CounterKey("SingleItem", "views", "1"), 5L, new CounterKey("SingleVideo", "views", "1"),
					3L, new CounterKey("SingleItem", "views", "2"), 6L));
			TopCounters top = new TopCounters(factory, CounterRegistry.of(factory), store);

			assertThat(top.read(SingleItem.class, "views", 2, Map.of())).containsExactly(new RankedCount<>(1L, 8L),
					new RankedCount<>(2L, 6L));
		}
	}

	@Test
	void anEntityWhoseCounterTableHoldsItsParentsRowsIsRefusedNamingTheParent() throws Exception {
		TestDatabase db = TestDatabases.h2();
		try (EntityManagerFactory single = InheritedCountersTest.factory(db, SingleItem.class, SingleVideo.class)) {
			TopCounters top = new TopCounters(single, CounterRegistry.of(single), new MemoryDeltaStore(Clock.systemUTC()));
			assertThatIllegalArgumentException().isThrownBy(() -> top.read(SingleVideo.class, "plays", 3, Map.of()))
				.withMessageContaining("also holds rows of SingleItem")
				.withMessageContaining("top(SingleItem.class, ...)");
		}
		try (EntityManagerFactory joined = InheritedCountersTest.factory(db, JoinedItem.class, JoinedVideo.class)) {
			TopCounters top = new TopCounters(joined, CounterRegistry.of(joined), new MemoryDeltaStore(Clock.systemUTC()));
			assertThatIllegalArgumentException().isThrownBy(() -> top.read(JoinedVideo.class, "views", 3, Map.of()))
				.withMessageContaining("joined_item, which also holds rows of JoinedItem");
		}
	}

	@Test
	void aLeafWithATableOfItsOwnIsRanked() throws Exception {
		TestDatabase db = TestDatabases.h2();
		try (EntityManagerFactory factory = InheritedCountersTest.factory(db, PlainBase.class, CountedLeaf.class)) {
			factory.runInTransaction((entityManager) -> {
				CountedLeaf leaf = new CountedLeaf();
				leaf.id = 1L;
				entityManager.persist(leaf);
			});
			MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
			store.add(Map.of(new CounterKey("CountedLeaf", "views", "1"), 4L));
			TopCounters top = new TopCounters(factory, CounterRegistry.of(factory), store);

			assertThat(top.read(CountedLeaf.class, "views", 5, Map.of())).isEqualTo(List.of(new RankedCount<>(1L, 4L)));
		}
	}

}
