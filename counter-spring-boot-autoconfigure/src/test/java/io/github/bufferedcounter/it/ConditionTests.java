package io.github.bufferedcounter.it;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.CounterCheck;
import io.github.bufferedcounter.it.Episode.Audience;
import io.github.bufferedcounter.it.Episode.Status;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.recount.CounterRepair;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import org.junit.jupiter.api.Test;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Conditions beyond a boolean ({@code onlyIf = "status in (...)"}, {@code "deletedAt is null"},
 * {@code "audience != ADULT"} on an ordinal enum) on every database and store: each change of a
 * counted row or member checked against {@code count(*) ... where <condition>} written by hand in
 * SQL, recounts agreeing with the listeners, a concurrent random workload, and recounting part of
 * a table.
 */
interface ConditionTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	JdbcTemplate jdbc();

	EntityManagerFactory entityManagerFactory();

	CounterRegistry registry();

	DeltaStore store();

	private EntityManager em() {
		return SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory());
	}

	private static long newId() {
		return ThreadLocalRandom.current().nextLong(1, 1L << 50);
	}

	private long channel(String region) {
		return channel(newId(), region);
	}

	private long channel(long id, String region) {
		transactions().executeWithoutResult((status) -> em().persist(new Channel(id, region)));
		return id;
	}

	private long episode(long channel, Status status, Audience audience, Integer likes) {
		return transactions().execute((tx) -> {
			Episode episode = new Episode(em().getReference(Channel.class, channel), status, audience, likes);
			em().persist(episode);
			em().flush();
			return episode.getId();
		});
	}

	private void change(long episode, Consumer<Episode> change) {
		transactions().executeWithoutResult((status) -> change.accept(em().find(Episode.class, episode)));
	}

	private void picks(long channel, Consumer<Channel> change) {
		transactions().executeWithoutResult((status) -> change.accept(em().find(Channel.class, channel)));
	}

	/** The columns: published, live, featured likes, family friendly, live picks. */
	private List<Long> columns(long channel) {
		return jdbc().queryForList("select published, live, featured_likes, family_friendly, live_picks from channel "
				+ "where id = ?", channel).stream().findFirst().orElseThrow().values().stream()
			.map((value) -> ((Number) value).longValue())
			.toList();
	}

	/** The same five figures, each condition written by hand in SQL: names, an ordinal, a null. */
	private List<Long> recount(long channel) {
		return List.of(count("select count(*) from episode where channel_id = ? and status in ('PUBLISHED', 'FEATURED')",
				channel), count("select count(*) from episode where channel_id = ? and deleted_at is null", channel),
				count("select coalesce(sum(likes), 0) from episode where channel_id = ? and status = 'FEATURED'", channel),
				count("select count(*) from episode where channel_id = ? and audience <> 2", channel),
				count("select count(*) from channel_pick p join episode e on e.id = p.picks_id where p.channel_id = ? "
						+ "and e.deleted_at is null", channel));
	}

	private long count(String sql, long channel) {
		return jdbc().queryForObject(sql, Long.class, channel);
	}

	private void assertCounted(long channel, Long... expected) {
		counters().flush();
		assertThat(columns(channel)).as("channel " + channel).containsExactly(expected).isEqualTo(recount(channel));
	}

	@Test
	default void enumAndNullConditionsFollowInsertUpdateInBothDirectionsMoveAndDelete() {
		long a = channel("eu");
		long b = channel("eu");
		long draft = episode(a, Status.DRAFT, Audience.ALL, 5);
		long published = episode(a, Status.PUBLISHED, Audience.ADULT, 7);
		long featured = episode(a, Status.FEATURED, Audience.TEEN, 11);
		assertCounted(a, 2L, 3L, 11L, 2L, 0L);

		change(draft, (episode) -> episode.setStatus(Status.FEATURED));
		change(featured, (episode) -> episode.setStatus(Status.DRAFT));
		assertCounted(a, 2L, 3L, 5L, 2L, 0L);

		change(draft, (episode) -> episode.setLikes(20));
		change(published, (episode) -> {
			episode.setDeletedAt(Instant.now());
			episode.setAudience(Audience.ALL);
		});
		assertCounted(a, 2L, 2L, 20L, 3L, 0L);

		change(published, (episode) -> {
			episode.setDeletedAt(null);
			episode.setAudience(null);
		});
		assertCounted(a, 2L, 3L, 20L, 2L, 0L);

		change(draft, (episode) -> episode.setChannel(em().getReference(Channel.class, b)));
		assertCounted(a, 1L, 2L, 0L, 1L, 0L);
		assertCounted(b, 1L, 1L, 20L, 1L, 0L);

		transactions().executeWithoutResult((status) -> em().remove(em().find(Episode.class, published)));
		assertCounted(a, 0L, 1L, 0L, 1L, 0L);
	}

	@Test
	default void isNullOnAToOneAssociationFollowsItBothWaysAndRecountsTheSame() {
		long channel = channel("eu");
		long first = episode(channel, Status.DRAFT, Audience.ALL, 0);
		long second = episode(channel, Status.DRAFT, Audience.ALL, 0);
		change(second, (episode) -> episode.setPrevious(em().getReference(Episode.class, first)));
		assertThat(openers(channel)).isEqualTo(1);

		change(second, (episode) -> episode.setPrevious(null));
		change(first, (episode) -> episode.setPrevious(em().getReference(Episode.class, second)));
		assertThat(openers(channel)).isEqualTo(1);
		change(first, (episode) -> episode.setPrevious(null));
		assertThat(openers(channel)).isEqualTo(2);

		jdbc().update("update episode set previous_id = ? where id = ?", first, second);
		assertThat(counters().recalculate(Channel.class, channel, "openers")).isEqualTo(1);
		assertThat(openers(channel)).isEqualTo(1);
	}

	/** The openers column after a flush, checked against {@code previous_id is null} in SQL. */
	private long openers(long channel) {
		counters().flush();
		long column = count("select openers from channel where id = ?", channel);
		assertThat(column).isEqualTo(count("select count(*) from episode where channel_id = ? and previous_id is null",
				channel));
		return column;
	}

	@Test
	default void aConditionalCollectionCounterFollowsMembershipAndMembersChangingWhileInIt() {
		long owner = channel("eu");
		long other = channel("eu");
		long first = episode(other, Status.PUBLISHED, Audience.ALL, 1);
		long second = episode(other, Status.PUBLISHED, Audience.ALL, 1);
		long removed = episode(other, Status.PUBLISHED, Audience.ALL, 1);
		change(removed, (episode) -> episode.setDeletedAt(Instant.now()));

		picks(owner, (channel) -> {
			channel.getPicks().add(em().find(Episode.class, first));
			channel.getPicks().add(em().find(Episode.class, second));
			channel.getPicks().add(em().find(Episode.class, removed));
		});
		assertCounted(owner, 0L, 0L, 0L, 0L, 2L);

		change(first, (episode) -> episode.setDeletedAt(Instant.now()));
		assertCounted(owner, 0L, 0L, 0L, 0L, 1L);
		change(removed, (episode) -> episode.setDeletedAt(null));
		assertCounted(owner, 0L, 0L, 0L, 0L, 2L);

		picks(owner, (channel) -> {
			Episode leaving = em().find(Episode.class, removed);
			channel.getPicks().remove(leaving);
			leaving.setDeletedAt(Instant.now());
			em().find(Episode.class, first).setDeletedAt(null);
		});
		assertCounted(owner, 0L, 0L, 0L, 0L, 2L);

		change(second, (episode) -> episode.setDeletedAt(Instant.now()));
		assertCounted(owner, 0L, 0L, 0L, 0L, 1L);
		// replaced without being loaded: the database is asked which members counted
		picks(owner, (channel) -> channel.setPicks(new HashSet<>(Set.of(em().find(Episode.class, removed)))));
		assertCounted(owner, 0L, 0L, 0L, 0L, 0L);
		change(removed, (episode) -> episode.setDeletedAt(null));
		assertCounted(owner, 0L, 0L, 0L, 0L, 1L);
		assertThat(counters().verify(Channel.class, owner, "livePicks").correct()).isTrue();
	}

	@Test
	default void recountsRenderTheConditionAsTheColumnsStoreItAndAgreeWithTheListeners() {
		long channel = channel("eu");
		episode(channel, Status.FEATURED, Audience.ADULT, 3);
		episode(channel, Status.DRAFT, Audience.TEEN, 4);
		long member = episode(channel, Status.PUBLISHED, Audience.ALL, 5);
		picks(channel, (found) -> found.getPicks().add(em().find(Episode.class, member)));
		counters().flush();
		for (String field : List.of("published", "live", "featuredLikes", "familyFriendly", "livePicks")) {
			assertThat(counters().verify(Channel.class, channel, field).correct()).as(field).isTrue();
		}

		// behind Hibernate's back: a featured adult episode, a deleted one, a deleted pick
		jdbc().update("insert into episode (channel_id, status, audience, likes, deleted_at, version) "
				+ "values (?, 'FEATURED', 2, 10, null, 0)", channel);
		jdbc().update("insert into episode (channel_id, status, audience, likes, deleted_at, version) "
				+ "values (?, 'PUBLISHED', 0, 1, current_timestamp, 0)", channel);
		jdbc().update("update episode set deleted_at = current_timestamp where id = ?", member);

		assertThat(counters().verify(Channel.class, channel, "published")).returns(2L, CounterCheck::current)
			.returns(4L, CounterCheck::expected);
		assertThat(counters().recalculate(Channel.class, channel, "published")).isEqualTo(4);
		assertThat(counters().recalculate(Channel.class, channel, "live")).isEqualTo(3);
		assertThat(counters().recalculate(Channel.class, channel, "featuredLikes")).isEqualTo(13);
		assertThat(counters().recalculate(Channel.class, channel, "familyFriendly")).isEqualTo(3);
		assertThat(counters().recalculate(Channel.class, channel, "livePicks")).isZero();
		assertCounted(channel, 4L, 3L, 13L, 3L, 0L);

		jdbc().update("update channel set published = 0, family_friendly = 0, live_picks = 7 where id = ?", channel);
		counters().recalculateAll(Channel.class, "familyFriendly");
		counters().recalculateAll(Channel_.livePicks, List.of(channel));
		counters().recalculateAll(Channel_.published, (holder, cb) -> cb.equal(holder.get(Channel_.id), channel));
		assertCounted(channel, 4L, 3L, 13L, 3L, 0L);
	}

	@Test
	default void recountingPartOfATableLeavesTheOtherRowsAlone() {
		String region = "r" + newId();
		String elsewhere = "r" + newId();
		// consecutive ids, so that a chunk's id range spans a row that was not selected
		long byId = newId();
		long first = channel(byId + 1, region);
		long untouched = channel(byId + 2, elsewhere);
		long second = channel(byId + 3, region);
		long missing = byId + 4;
		channel(byId, elsewhere);
		for (long channel : List.of(byId, first, second, untouched)) {
			episode(channel, Status.PUBLISHED, Audience.ALL, 1);
		}
		counters().flush();
		jdbc().update("update channel set published = 99 where region in (?, ?)", region, elsewhere);
		episode(second, Status.FEATURED, Audience.ALL, 1);
		CounterRepair repair = new CounterRepair(entityManagerFactory(), registry(), store());

		assertThat(repair.recalculateAll(Channel.class, "published", List.of(missing, byId, byId), 2)).isEqualTo(1);
		assertThat(repair.recalculateAll(Channel.class, "published",
				(channel, cb) -> cb.equal(channel.get("region"), region), 2))
			.isEqualTo(2);
		counters().flush();

		assertThat(columns(byId).get(0)).isEqualTo(1);
		assertThat(columns(first).get(0)).isEqualTo(1);
		assertThat(columns(second).get(0)).as("recounted with its pending delta counted once").isEqualTo(2);
		assertThat(columns(untouched).get(0)).as("drift of a row not selected stays").isEqualTo(99);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().recalculateAll(Channel.class, "published", List.of("one")))
			.withMessageContaining("Id one of Channel is a java.lang.String; expected a java.lang.Long");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().recalculateAll(Channel.class, "published", (channel, cb) -> null))
			.withMessageContaining("returned no predicate; return builder.conjunction() to recount every row");
	}

	@Test
	default void aConcurrentRandomWorkloadEndsEqualToCountStarWhereTheConditionHolds() throws Exception {
		List<Long> channels = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			channels.add(channel("eu"));
		}
		AtomicInteger committed = new AtomicInteger();
		AtomicInteger conflicts = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				work.add(threads.submit(() -> {
					randomChanges(channels, committed, conflicts);
					return null;
				}));
			}
			for (Future<?> future : work) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(committed.get()).as("committed (%d conflicts)", conflicts.get()).isPositive();
		counters().flush();
		for (long channel : channels) {
			assertThat(columns(channel)).as("channel " + channel).isEqualTo(recount(channel));
		}
	}

	/**
	 * Inserts episodes, changes their status, audience and deletion time, moves and deletes them,
	 * and adds and removes picks, each in its own transaction. Changing a pick locks the episode
	 * with a version increment, so that a concurrent change of its condition conflicts instead of
	 * being counted from stale state.
	 */
	private void randomChanges(List<Long> channels, AtomicInteger committed, AtomicInteger conflicts) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<Long> mine = new ArrayList<>();
		Status[] statuses = Status.values();
		for (int i = 0; i < 40; i++) {
			long channel = channels.get(random.nextInt(channels.size()));
			int op = mine.isEmpty() ? 0 : random.nextInt(7);
			try {
				switch (op) {
					case 0 -> mine.add(episode(channel, statuses[random.nextInt(statuses.length)],
							random.nextBoolean() ? Audience.ADULT : Audience.TEEN, random.nextInt(10)));
					case 1 -> change(pick(mine), (episode) -> episode.setStatus(statuses[random.nextInt(statuses.length)]));
					case 2 -> change(pick(mine), (episode) -> episode
						.setDeletedAt((episode.getDeletedAt() == null) ? Instant.now() : null));
					case 3 -> change(pick(mine), (episode) -> episode.setChannel(em().getReference(Channel.class, channel)));
					case 4 -> delete(mine.remove(random.nextInt(mine.size())), channels);
					default -> picks(channel, (found) -> {
						Episode episode = em().find(Episode.class, pick(mine), LockModeType.OPTIMISTIC_FORCE_INCREMENT);
						if (!found.getPicks().remove(episode)) {
							found.getPicks().add(episode);
						}
					});
				}
				committed.incrementAndGet();
			}
			catch (ConcurrencyFailureException conflict) {
				conflicts.incrementAndGet();
			}
		}
	}

	/** Deletes an episode, out of every channel's picks first, as its foreign keys require. */
	private void delete(long episode, List<Long> channels) {
		transactions().executeWithoutResult((status) -> {
			Episode deleted = em().find(Episode.class, episode);
			channels.forEach((channel) -> em().find(Channel.class, channel).getPicks().remove(deleted));
			em().remove(deleted);
		});
	}

	private static long pick(List<Long> episodes) {
		return episodes.get(ThreadLocalRandom.current().nextInt(episodes.size()));
	}

}
