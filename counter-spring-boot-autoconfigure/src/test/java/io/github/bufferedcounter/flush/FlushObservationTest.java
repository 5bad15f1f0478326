package io.github.bufferedcounter.flush;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.flush.inherited.InheritedEntities.SingleItem;
import io.github.bufferedcounter.flush.observation.FlushContext;
import io.github.bufferedcounter.flush.observation.FlushObservations;
import io.github.bufferedcounter.mapping.CounterMappingIntegrator;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.PrivateRedis;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A flush pass observed with a child observation per batch, on H2 through a real persistence
 * unit: names, key values, the parent, and errors when the database or the store fails.
 */
class FlushObservationTest {

	private static final String FLUSH = "buffered.counter.flush.pass";

	private static final String BATCH = "buffered.counter.flush.batch";

	private static final CounterKey VIEWS = new CounterKey("SingleItem", "views", "1");

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final TestDatabase db = TestDatabases.h2();

	private EntityManagerFactory factory;

	@BeforeEach
	void createTables() throws Exception {
		this.factory = new HibernatePersistenceConfiguration("observed").jdbcUrl(this.db.url())
			.jdbcCredentials(this.db.username(), this.db.password())
			.schemaToolingAction(Action.CREATE_DROP)
			.property("hibernate.integrator_provider", (IntegratorProvider) () -> List.of(new CounterMappingIntegrator()))
			.managedClass(SingleItem.class)
			.createEntityManagerFactory();
		AppliedBatchTable.create(this.db);
		SingleItem item = new SingleItem();
		item.id = 1L;
		this.factory.runInTransaction((entityManager) -> entityManager.persist(item));
	}

	@AfterEach
	void close() {
		this.factory.close();
	}

	@ParameterizedTest(name = "{0} thread(s)")
	@ValueSource(ints = { 1, 2 })
	void aFlushIsObservedWithEachBatchAsItsChild(int threads) {
		MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
		store.add(Map.of(VIEWS, 5L));

		flush(store, threads);

		String batchId = new JdbcTemplate(this.db.dataSource()).queryForObject("select batch_id from buffered_counter_batch",
				String.class);
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(FLUSH, 1)
			.hasObservationWithNameEqualTo(FLUSH)
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveParentObservation()
			.hasContextualNameEqualTo("buffered-counter flush")
			.hasLowCardinalityKeyValue("buffered.counter.store", "memory")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("buffered.counter.rows", "1")
			.doesNotHaveError();
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(BATCH, 1)
			.hasObservationWithNameEqualTo(BATCH)
			.that()
			.hasBeenStopped()
			.hasParentObservationContextMatching((parent) -> parent instanceof FlushContext)
			.hasLowCardinalityKeyValue("buffered.counter.store", "memory")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("buffered.counter.batch.id", batchId)
			.hasHighCardinalityKeyValue("buffered.counter.batch.attempt", "1")
			.hasHighCardinalityKeyValue("buffered.counter.batch.keys", "1");
	}

	@Test
	void aMeterHandlerTimesThemApartFromTheFlushTimer() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
		store.add(Map.of(VIEWS, 5L));

		flush(store, 1, observations);

		assertThat(meters.get(FLUSH).tags("outcome", "success", "buffered.counter.store", "memory", "error", "none")
			.timer()
			.count()).isOne();
		assertThat(meters.get(BATCH).tags("outcome", "success").timer().count()).isOne();
		assertThat(meters.find("buffered.counter.flush").meters()).isEmpty();
	}

	@Test
	void aBatchTheDatabaseFailsRecordsTheErrorAndIsLeftForARetry() {
		MemoryDeltaStore store = new MemoryDeltaStore(Clock.systemUTC());
		store.add(Map.of(VIEWS, 5L));
		new JdbcTemplate(this.db.dataSource()).execute("drop table buffered_counter_batch");

		assertThat(flush(store, 1).retried()).isOne();

		assertThat(this.registry).hasObservationWithNameEqualTo(BATCH)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "retry")
			.assertThatError()
			.isInstanceOf(TransientFlushException.class)
			.hasMessageContaining("buffered_counter_batch".toUpperCase());
		assertThat(this.registry).hasObservationWithNameEqualTo(FLUSH)
			.that()
			.hasLowCardinalityKeyValue("outcome", "retry")
			.doesNotHaveError();
	}

	@Test
	void aFlushTheStoreFailsRecordsTheError() {
		PrivateRedis redis = PrivateRedis.start();
		LettuceConnectionFactory connectionFactory = PrivateRedis.connectionFactory(redis.port(), Duration.ofSeconds(2));
		try {
			RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(connectionFactory), "observed", 1,
					Clock.systemUTC());
			store.add(Map.of(VIEWS, 5L));
			redis.close();

			assertThatException().isThrownBy(() -> flush(store, 1));

			assertThat(this.registry).hasObservationWithNameEqualTo(FLUSH)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("buffered.counter.store", "redis")
				.hasLowCardinalityKeyValue("outcome", "failure")
				.hasError();
			assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(BATCH, 0);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private io.github.bufferedcounter.FlushResult flush(DeltaStore store, int threads) {
		return flush(store, threads, this.registry);
	}

	private io.github.bufferedcounter.FlushResult flush(DeltaStore store, int threads, ObservationRegistry observations) {
		FlushSettings settings = new FlushSettings(1000, Duration.ofMinutes(1), 5, Duration.ofMillis(1),
				Duration.ofMillis(2), 1000, Duration.ofDays(7), false, threads);
		try (Flusher flusher = new Flusher(store, this.factory, CounterRegistry.of(this.factory), settings,
				Clock.systemUTC())) {
			flusher.observeWith(new FlushObservations(observations,
					(store instanceof MemoryDeltaStore) ? "memory" : "redis"));
			return flusher.flush();
		}
	}

}
