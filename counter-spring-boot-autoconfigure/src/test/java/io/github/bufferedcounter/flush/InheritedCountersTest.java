package io.github.bufferedcounter.flush;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.CountedLeaf;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.JoinedItem;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.JoinedVideo;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.PlainBase;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.SingleItem;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.SingleVideo;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.UnionItem;
import io.github.bufferedcounter.flush.inherited.InheritedEntities.UnionVideo;
import io.github.bufferedcounter.mapping.CounterMappingException;
import io.github.bufferedcounter.mapping.CounterMappingIntegrator;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Counters on the parent of an entity hierarchy, flushed on each database: a row of a subclass
 * can collect keys under its own entity name and under its parent's (an increment through a
 * loaded entity names its class; one by id, a counter cache or a proxy names the declared one).
 * One multi-row statement joining a row to two value rows applies only one of them on
 * PostgreSQL, so the flush sums them first. Also: many rejected deltas fit the applied-batch
 * row on MySQL and MariaDB.
 */
class InheritedCountersTest {

	private static final FlushSettings SETTINGS = new FlushSettings(1000, Duration.ofMinutes(1), 5,
			Duration.ofMillis(1), Duration.ofMillis(2), 1000, Duration.ofDays(7));

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql", "mariadb", "h2" })
	void aSingleTableRowUnderItsOwnAndItsParentsNameGetsBothDeltas(String database) throws Exception {
		TestDatabase db = database(database);
		try (EntityManagerFactory factory = factory(db, SingleItem.class, SingleVideo.class)) {
			persistVideo(factory);

			FlushResult result = flush(factory, Map.of(new CounterKey("SingleItem", "views", "1"), 5L,
					new CounterKey("SingleVideo", "views", "1"), 3L));

			assertThat(result.orphans()).isZero();
			assertThat(views(db, "single_item")).isEqualTo(8);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql", "mariadb", "h2" })
	void aJoinedRowUnderItsOwnAndItsParentsNameGetsBothDeltas(String database) throws Exception {
		TestDatabase db = database(database);
		try (EntityManagerFactory factory = factory(db, JoinedItem.class, JoinedVideo.class)) {
			JoinedVideo video = new JoinedVideo();
			video.id = 1L;
			factory.runInTransaction((entityManager) -> entityManager.persist(video));

			flush(factory, Map.of(new CounterKey("JoinedItem", "views", "1"), 5L,
					new CounterKey("JoinedVideo", "views", "1"), 3L));

			assertThat(views(db, "joined_item")).isEqualTo(8);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql", "mariadb", "h2" })
	void aSubclassesOwnCounterNextToItsParentsKeyOfTheSameRowIsWritten(String database) throws Exception {
		TestDatabase db = database(database);
		try (EntityManagerFactory factory = factory(db, SingleItem.class, SingleVideo.class)) {
			persistVideo(factory);

			FlushResult result = flush(factory, Map.of(new CounterKey("SingleItem", "views", "1"), 5L,
					new CounterKey("SingleVideo", "plays", "1"), 2L));

			assertThat(result.retried()).isZero();
			assertThat(views(db, "single_item")).isEqualTo(5);
			assertThat(new JdbcTemplate(db.dataSource()).queryForObject("select plays from single_item where id = 1",
					Long.class)).isEqualTo(2);
		}
	}

	@Test
	void aTablePerClassLeafUnderAParentWithoutCountersIsWritten() throws Exception {
		TestDatabase db = TestDatabases.h2();
		try (EntityManagerFactory factory = factory(db, PlainBase.class, CountedLeaf.class)) {
			CountedLeaf leaf = new CountedLeaf();
			leaf.id = 1L;
			factory.runInTransaction((entityManager) -> entityManager.persist(leaf));

			flush(factory, Map.of(new CounterKey("CountedLeaf", "views", "1"), 4L));

			assertThat(views(db, "counted_leaf")).isEqualTo(4);
		}
	}

	@Test
	void aTablePerClassHierarchyIsRefusedNamingTheWayOut() throws Exception {
		try (EntityManagerFactory factory = factory(TestDatabases.h2(), UnionItem.class, UnionVideo.class)) {
			assertThatExceptionOfType(CounterMappingException.class).isThrownBy(() -> CounterRegistry.of(factory))
				.withMessageContaining("TABLE_PER_CLASS")
				.withMessageContaining("use SINGLE_TABLE or JOINED inheritance");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "mariadb", "postgresql", "h2" })
	void aThousandRejectedDeltasAreRecordedWithTheirBatch(String database) throws Exception {
		TestDatabase db = database(database);
		try (EntityManagerFactory factory = factory(db, SingleItem.class, SingleVideo.class)) {
			Map<CounterKey, Long> deltas = new HashMap<>();
			for (int i = 0; i < 1000; i++) {
				deltas.put(new CounterKey("RemovedEntity", "views", Integer.toString(i)), 1L);
			}

			FlushResult result = flush(factory, deltas);

			assertThat(result.retried()).isZero();
			assertThat(result.rejected()).isEqualTo(1000);
		}
	}

	private static void persistVideo(EntityManagerFactory factory) {
		SingleVideo video = new SingleVideo();
		video.id = 1L;
		factory.runInTransaction((entityManager) -> entityManager.persist(video));
	}

	static TestDatabase database(String name) {
		return switch (name) {
			case "postgresql" -> TestDatabases.postgres();
			case "mariadb" -> TestDatabases.mariadb();
			default -> TestDatabases.h2();
		};
	}

	private static FlushResult flush(EntityManagerFactory factory, Map<CounterKey, Long> deltas) {
		MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
		store.add(deltas);
		return new Flusher(store, factory, CounterRegistry.of(factory), SETTINGS, Clock.systemUTC()).flush();
	}

	private static long views(TestDatabase db, String table) {
		return new JdbcTemplate(db.dataSource()).queryForObject("select views from " + table + " where id = 1",
				Long.class);
	}

	/** A persistence unit built by hand, with the integrator and the applied-batch table. */
	static EntityManagerFactory factory(TestDatabase db, Class<?>... entities) throws Exception {
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("inherited")
			.jdbcUrl(db.url())
			.jdbcCredentials(db.username(), db.password())
			.schemaToolingAction(Action.CREATE_DROP)
			.property("hibernate.integrator_provider", (IntegratorProvider) () -> List.of(new CounterMappingIntegrator()));
		for (Class<?> entity : entities) {
			configuration.managedClass(entity);
		}
		EntityManagerFactory factory = configuration.createEntityManagerFactory();
		AppliedBatchTable.create(db);
		return factory;
	}

}
