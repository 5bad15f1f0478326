package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.flush.folded.FoldedIdEntities.CaseInsensitiveItem;
import io.github.bufferedcounter.flush.folded.FoldedIdEntities.CitextItem;
import io.github.bufferedcounter.flush.folded.FoldedIdEntities.PaddedItem;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * String ids that differ in Java but name one row in the database: {@code citext} and
 * case-insensitive collations fold case, {@code char(n)} ignores trailing spaces. A delta
 * buffered under each spelling must land on the row, neither may count as an orphan, and the
 * change events must add up. PostgreSQL's {@code update ... from (values ...)} updates a row
 * once however many value rows match it, so such a batch lost a delta there.
 */
class FoldedStringIdsTest {

	private static final String ROW = "ab";

	static Stream<Folding> foldings() {
		// pgjdbc binds strings as varchar by default, and citext = varchar compares as text: case
		// sensitive, and without the primary key's index; citext users send strings untyped
		return Stream.of(new Folding("postgresql", CitextItem.class, "citext_item", "AB",
				untypedStrings(TestDatabases.postgres())),
				new Folding("postgresql", PaddedItem.class, "padded_item", "ab  "),
				new Folding("mariadb", CaseInsensitiveItem.class, "case_insensitive_item", "AB"),
				new Folding("mariadb", PaddedItem.class, "padded_item", "ab  "));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("foldings")
	void aDeltaUnderEachSpellingOfOneRowLands(Folding folding) throws Exception {
		try (EntityManagerFactory factory = factory(folding)) {
			FlushResult result = flush(factory, folding, Map.of(folding.key(ROW), 5L, folding.key(folding.other()), 3L),
					(event) -> {
					});

			assertThat(views(folding)).as("views").isEqualTo(8);
			assertThat(result.orphans()).as("orphans").isZero();
			assertThat(result.rejected()).as("rejected").isZero();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("foldings")
	void onlyAnIdWithoutARowIsAnOrphan(Folding folding) throws Exception {
		try (EntityManagerFactory factory = factory(folding)) {
			FlushResult result = flush(factory, folding, Map.of(folding.key(ROW), 5L, folding.key(folding.other()), 3L,
					folding.key("zz"), 1L), (event) -> {
					});

			assertThat(views(folding)).as("views").isEqualTo(8);
			assertThat(result.orphans()).as("orphans").isOne();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("foldings")
	void theChangeEventsOfBothSpellingsFollowEachOther(Folding folding) throws Exception {
		try (EntityManagerFactory factory = factory(folding)) {
			List<CounterChangedEvent> events = new CopyOnWriteArrayList<>();
			flush(factory, folding, Map.of(folding.key(ROW), 5L, folding.key(folding.other()), 3L), (event) -> {
				if (event instanceof CounterChangedEvent change) {
					events.add(change);
				}
			});

			assertThat(events).hasSize(2);
			assertThat(events).extracting(CounterChangedEvent::id).containsExactlyInAnyOrder(ROW, folding.other());
			assertThat(events).extracting(CounterChangedEvent::delta).containsExactlyInAnyOrder(5L, 3L);
			assertThat(events.stream().mapToLong(CounterChangedEvent::newValue).max()).hasValue(8);
			assertThat(events.stream().mapToLong(CounterChangedEvent::oldValue).min()).hasValue(0);
			assertThat(events.get(0).newValue() == events.get(1).oldValue()
					|| events.get(1).newValue() == events.get(0).oldValue())
				.as("one event starts where the other ends: %s", events)
				.isTrue();
		}
	}

	private static FlushResult flush(EntityManagerFactory factory, Folding folding, Map<CounterKey, Long> deltas,
			ApplicationEventPublisher publisher) {
		MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
		store.add(deltas);
		FlushSettings settings = new FlushSettings(1000, Duration.ofMinutes(1), 5, Duration.ofMillis(1),
				Duration.ofMillis(2), 1000, Duration.ofDays(7), true);
		try (Flusher flusher = new Flusher(store, factory, CounterRegistry.of(factory), settings, Clock.systemUTC(),
				publisher)) {
			FlushResult result = flusher.flush();
			assertThat(result.retried()).isZero();
			return result;
		}
	}

	private static long views(Folding folding) {
		return new JdbcTemplate(folding.db().dataSource())
			.queryForObject("select views from " + folding.table() + " where id = '" + ROW + "'", Long.class);
	}

	/** A persistence unit of the one entity, its row {@value #ROW}, and the applied-batch table. */
	private static EntityManagerFactory factory(Folding folding) throws Exception {
		if (folding.entity() == CitextItem.class) {
			createCitext(folding.db());
		}
		EntityManagerFactory factory = new HibernatePersistenceConfiguration("folded").jdbcUrl(folding.db().url())
			.jdbcCredentials(folding.db().username(), folding.db().password())
			.schemaToolingAction(Action.CREATE_DROP)
			.property("hibernate.integrator_provider", (IntegratorProvider) () -> List.of(new CounterMappingIntegrator()))
			.managedClass(folding.entity())
			.createEntityManagerFactory();
		AppliedBatchTable.create(folding.db());
		new JdbcTemplate(folding.db().dataSource())
			.update("insert into " + folding.table() + " (id, views) values ('" + ROW + "', 0)");
		return factory;
	}

	private static void createCitext(TestDatabase db) {
		try (Connection connection = db.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create extension if not exists citext");
		}
		catch (SQLException ex) {
			Assumptions.abort("citext is not available: " + ex.getMessage());
		}
	}

	private static TestDatabase untypedStrings(TestDatabase db) {
		String separator = db.url().contains("?") ? "&" : "?";
		return new TestDatabase(db.url() + separator + "stringtype=unspecified", db.username(), db.password());
	}

	/**
	 * A column on which the database matches {@code other} to the row {@value FoldedStringIdsTest#ROW}.
	 *
	 * @param database the database
	 * @param entity the entity whose id column folds
	 * @param table its table
	 * @param other another spelling of {@value FoldedStringIdsTest#ROW}
	 * @param db a fresh database of that kind
	 */
	record Folding(String database, Class<?> entity, String table, String other, TestDatabase db) {

		Folding(String database, Class<?> entity, String table, String other) {
			this(database, entity, table, other,
					"postgresql".equals(database) ? TestDatabases.postgres() : TestDatabases.mariadb());
		}

		CounterKey key(String id) {
			return new CounterKey(this.entity.getSimpleName(), "views", id);
		}

		@Override
		public String toString() {
			return this.database + " " + this.table + " '" + ROW + "' and '" + this.other + "'";
		}

	}

}
