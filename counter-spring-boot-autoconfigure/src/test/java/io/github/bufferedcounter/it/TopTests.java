package io.github.bufferedcounter.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.RankedCount;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Leaderboards ({@code top}) rank rows by database value plus pending deltas, on every
 * database and store: pending deltas that reorder rows or drop one, a row only the store
 * lifts into the top, batches claimed but not acknowledged, and a random concurrent workload
 * compared with {@code ORDER BY} once flushed.
 */
interface TopTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	EntityManagerFactory entityManagerFactory();

	JdbcTemplate jdbc();

	DeltaStore store();

	CounterRegistry registry();

	Flusher flusher(DeltaStore store, Duration lease);

	@BeforeEach
	default void startWithAnEmptyLeaderboard() {
		counters().flush();
		jdbc().update("delete from leaderboard_players");
	}

	private void players(long... idsAndScores) {
		transactions().executeWithoutResult((status) -> {
			for (int i = 0; i < idsAndScores.length; i += 2) {
				SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory())
					.persist(new Player(idsAndScores[i], (int) idsAndScores[i + 1]));
			}
		});
	}

	private List<RankedCount<Long>> top(int n) {
		return counters().top(Player.class, "score", n);
	}

	private static RankedCount<Long> rank(long id, long value) {
		return new RankedCount<>(id, value);
	}

	private ClaimedBatch claimShardOf(long id) {
		int shard = DeltaStore.shardOf(registry().table(Player.class).key(id, "score"), store().shards());
		return store().claim(shard, 1000, Duration.ofMinutes(5)).orElseThrow();
	}

	@Test
	default void pendingDeltasReorderRowsAndANegativeDeltaDropsOneOutOfTheTop() {
		players(1, 100, 2, 90, 3, 80, 4, 70);
		assertThat(top(3)).containsExactly(rank(1, 100), rank(2, 90), rank(3, 80));

		counters().increment(Player.class, 3L, "score", 50);
		counters().increment(Player.class, 1L, "score", -40);

		assertThat(top(3)).containsExactly(rank(3, 130), rank(2, 90), rank(4, 70));
		assertThat(counters().top(Player_.score, 3)).isEqualTo(top(3));
		counters().flush();
		assertThat(top(3)).containsExactly(rank(3, 130), rank(2, 90), rank(4, 70));
	}

	@Test
	default void aRowThatOnlyPendingDeltasLiftIsRankedAndARowMissingFromTheDatabaseIsNot() {
		players(1, 50, 2, 40, 3, 30, 4, 20, 5, 10, 6, 0);
		counters().increment(Player.class, 6L, "score", 45);
		counters().increment(Player.class, 99L, "score", 1000);

		assertThat(top(2)).containsExactly(rank(1, 50), rank(6, 45));
		assertThat(top(1000)).hasSize(6);
		counters().flush();
	}

	@Test
	default void equalValuesAreOrderedByIdAndNullColumnsCountAsZero() {
		players(7, 5, 3, 5, 9, 5, 4, 0);
		jdbc().update("update leaderboard_players set score_total = null where id = 4");
		counters().increment(Player.class, 4L, "score", 5);
		counters().increment(Player.class, 9L, "wins", 100);

		assertThat(top(3)).containsExactly(rank(3, 5), rank(4, 5), rank(7, 5));
		assertThat(counters().<Long>top(Player.class, "wins", 1)).containsExactly(rank(9, 100));
		counters().flush();
	}

	@Test
	default void deltasOfTheCurrentTransactionCountAsInCurrent() {
		players(1, 10, 2, 20);
		transactions().executeWithoutResult((status) -> {
			counters().increment(Player.class, 1L, "score", 15);
			assertThat(top(1)).containsExactly(rank(1, 25));
			status.setRollbackOnly();
		});
		assertThat(top(1)).containsExactly(rank(2, 20));
	}

	@Test
	default void claimedBatchesCountOnceWhetherTheDatabaseAppliedThemOrNot() {
		players(1, 10, 2, 10, 3, 10);
		counters().increment(Player.class, 1L, "score", 4);
		ClaimedBatch applied = claimShardOf(1);
		// that batch reached the database, its acknowledge did not reach the store
		jdbc().update("update leaderboard_players set score_total = score_total + 4 where id = 1");
		jdbc().update("insert into " + Flusher.APPLIED_BATCH_TABLE + " (batch_id, applied_at) values (?, ?)",
				applied.id(), java.sql.Timestamp.from(java.time.Instant.now()));
		counters().increment(Player.class, 2L, "score", 3);
		ClaimedBatch inFlight = claimShardOf(2);
		counters().increment(Player.class, 2L, "score", 2);
		counters().increment(Player.class, 3L, "score", 1);
		try {
			assertThat(top(3)).containsExactly(rank(2, 15), rank(1, 14), rank(3, 11));
		}
		finally {
			store().release(inFlight, Duration.ZERO);
			store().release(applied, Duration.ZERO);
		}
		counters().flush();
		assertThat(top(3)).containsExactly(rank(2, 15), rank(1, 14), rank(3, 11));
	}

	@Test
	default void aBatchCommittedButNotAcknowledgedCountsOnce() throws Exception {
		players(1, 10, 2, 12);
		counters().increment(Player.class, 1L, "score", 5);
		Flusher dying = flusher(CrashingStore.crashingOnNextAcknowledge(store()), Duration.ofMillis(300));
		try {
			dying.flush();
		}
		catch (IllegalStateException expected) {
			// the flusher died after its commit, before acknowledging
		}
		assertThat(jdbc().queryForObject("select score_total from leaderboard_players where id = 1", Long.class))
			.isEqualTo(15);

		assertThat(top(2)).containsExactly(rank(1, 15), rank(2, 12));

		Thread.sleep(400);
		flusher(store(), Duration.ofSeconds(30)).flush();
		assertThat(top(2)).containsExactly(rank(1, 15), rank(2, 12));
	}

	@Test
	default void moreRowsWithPendingDeltasThanOneStatementReadsAreReadInChunks() {
		int pendingRows = 2500;
		List<Object[]> rows = new ArrayList<>();
		for (long id = 1; id <= pendingRows + 3000; id++) {
			rows.add(new Object[] { id, (id <= pendingRows) ? 0 : 100 });
		}
		jdbc().batchUpdate("insert into leaderboard_players (id, score_total, wins) values (?, ?, 0)", rows);
		transactions().executeWithoutResult((status) -> {
			for (long id = 1; id <= pendingRows; id++) {
				counters().increment(Player.class, id, "score", (id % 100 == 1) ? 10_000 + id : 50);
			}
		});
		List<RankedCount<Long>> expected = List.of(rank(2401, 12_401), rank(2301, 12_301), rank(2201, 12_201),
				rank(2101, 12_101));

		assertThat(top(4)).isEqualTo(expected);
		assertThat(top(30).get(25)).isEqualTo(rank(2501, 100));
		counters().flush();
		assertThat(top(4)).isEqualTo(expected);
	}

	@Test
	default void anEntityWithAStringIdIsRankedThroughItsMetamodelWithoutAnAmbiguousCall() {
		String prefix = "top-" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "-";
		transactions().executeWithoutResult((status) -> {
			SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory()).persist(new Tag(prefix + "b"));
			SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory()).persist(new Tag(prefix + "a"));
		});
		counters().increment(Tag.class, prefix + "a", "uses", 1_000_000_000_000L);
		counters().increment(Tag.class, prefix + "b", "uses", 1_000_000_000_000L);
		try {
			List<RankedCount<String>> top = counters().top(Tag_.uses, 2);

			assertThat(top).containsExactly(new RankedCount<>(prefix + "a", 1_000_000_000_000L),
					new RankedCount<>(prefix + "b", 1_000_000_000_000L));
		}
		finally {
			counters().increment(Tag.class, prefix + "a", "uses", -1_000_000_000_000L);
			counters().increment(Tag.class, prefix + "b", "uses", -1_000_000_000_000L);
			counters().flush();
		}
	}

	@Test
	default void topRejectsBadInputNamingWhatIsValid() {
		assertThatIllegalArgumentException().isThrownBy(() -> top(0))
			.withMessageContaining("n must be between 1 and 1000");
		assertThatIllegalArgumentException().isThrownBy(() -> top(BufferedCounters.MAX_TOP + 1))
			.withMessageContaining("n must be between 1 and 1000");
		assertThatIllegalArgumentException().isThrownBy(() -> counters().top(Player.class, "fans", 3))
			.withMessageContaining("unique counter")
			.withMessageContaining("[score, wins]");
		assertThatIllegalArgumentException().isThrownBy(() -> counters().top(Player.class, "id", 3))
			.withMessageContaining("counter fields are [score, wins, fans]");
		assertThatIllegalArgumentException().isThrownBy(() -> counters().top(String.class, "length", 3))
			.withMessageContaining("is not an entity with @BufferedCounter fields");
	}

	@Test
	default void topUnderRandomConcurrentIncrementsMatchesOrderByOnceFlushed() throws Exception {
		int players = 40;
		Map<Long, Long> sent = new ConcurrentHashMap<>();
		long[] initial = new long[players * 2];
		for (int i = 0; i < players; i++) {
			initial[2 * i] = i + 1;
			initial[2 * i + 1] = ThreadLocalRandom.current().nextInt(0, 200);
			sent.put((long) i + 1, initial[2 * i + 1]);
		}
		players(initial);
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		Future<?> flushing = pool.submit(() -> {
			while (writing.get()) {
				counters().flush();
			}
			return null;
		});
		List<RankedCount<Long>> expected;
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				writers.add(pool.submit(() -> {
					for (int i = 0; i < 400; i++) {
						long id = ThreadLocalRandom.current().nextLong(1, players + 1);
						long delta = ThreadLocalRandom.current().nextLong(-20, 30);
						counters().increment(Player.class, id, "score", delta);
						sent.merge(id, delta, Long::sum);
						if (i % 50 == 0) {
							assertThat(top(10)).hasSize(10);
						}
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(2, TimeUnit.MINUTES);
			}
			// one writer now, so the expected ranking is exact after each increment, while the flusher
			// keeps claiming, applying and acknowledging batches
			for (int i = 0; i < 200; i++) {
				long id = ThreadLocalRandom.current().nextLong(1, players + 1);
				long delta = ThreadLocalRandom.current().nextLong(-20, 30);
				counters().increment(Player.class, id, "score", delta);
				sent.merge(id, delta, Long::sum);
				assertThat(top(10)).as("top after %d single increments", i).isEqualTo(ranking(sent, 10));
			}
			expected = ranking(sent, 10);
		}
		finally {
			writing.set(false);
			flushing.get(1, TimeUnit.MINUTES);
			pool.shutdown();
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			FlushResult result = counters().flush();
			return store().oldestPending().isEmpty() && !result.wroteAnything();
		});

		List<RankedCount<Long>> orderBy = jdbc().query(
				"select id, score_total from leaderboard_players order by score_total desc, id limit 10",
				(row, i) -> rank(row.getLong(1), row.getLong(2)));
		assertThat(orderBy).isEqualTo(expected);
		assertThat(top(10)).isEqualTo(orderBy);
	}

	private static List<RankedCount<Long>> ranking(Map<Long, Long> values, int n) {
		return values.entrySet()
			.stream()
			.map((entry) -> rank(entry.getKey(), entry.getValue()))
			.sorted(Comparator.comparingLong((RankedCount<Long> r) -> -r.value()).thenComparing(RankedCount::id))
			.limit(n)
			.toList();
	}

}
