package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Unique counters ({@code @BufferedCounter(unique = true)}) on every database and store:
 * distinct keys counted once, at commit, flushed as the estimate itself.
 */
interface UniqueCounterTests {

	/** Redis's and the memory store's sketches both have 2^14 registers: 1.04 / 128. */
	double STANDARD_ERROR = 0.0081;

	BufferedCounters counters();

	TransactionTemplate transactions();

	JdbcTemplate jdbc();

	DeltaStore store();

	private long newPost() {
		long id = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		jdbc().update("insert into blog_posts (id, title, view_count, like_total, version) values (?, 't', 0, 0, 0)", id);
		return id;
	}

	private Long uniqueViewers(long post) {
		return jdbc().queryForObject("select unique_viewers from blog_posts where id = ?", Long.class, post);
	}

	@Test
	default void aKeyCountsOnceAndTheFlushWritesTheEstimate() {
		long post = newPost();
		counters().countUnique(Post.class, post, "uniqueViewers", "alice");
		counters().countUnique(Post.class, post, "uniqueViewers", "bob");
		counters().countUnique(Post.class, post, "uniqueViewers", "alice");

		assertThat(counters().current(Post.class, post, "uniqueViewers")).isEqualTo(2);
		assertThat(uniqueViewers(post)).as("not written before a flush").isNull();
		counters().flush();
		assertThat(uniqueViewers(post)).isEqualTo(2);

		counters().countUnique(Post.class, post, "uniqueViewers", List.of("bob", "carol"));
		counters().flush();
		assertThat(uniqueViewers(post)).isEqualTo(3);
		assertThat(counters().currentAll(Post.class, List.of(post), "uniqueViewers")).containsEntry(post, 3L);
		jdbc().update("update blog_posts set unique_viewers = 0 where id = ?", post);
		counters().flush();
		assertThat(uniqueViewers(post)).as("nothing marked, nothing written").isZero();
	}

	@Test
	default void aRowThatRefusesItsEstimateIsLeftOutAndTheOthersOfItsClaimAreWritten() {
		long refusing = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		long other = refusing + 1;
		// in the same shard, hence in the same claim and transaction
		while (pollShard(other) != pollShard(refusing)) {
			other++;
		}
		jdbc().update("insert into poll (id) values (?)", refusing);
		jdbc().update("insert into poll (id) values (?)", other);
		counters().countUnique(Poll.class, refusing, "voters", List.of("a", "b", "c", "d"));
		counters().countUnique(Poll.class, other, "voters", List.of("a", "b"));

		counters().flush();
		assertThat(voters(other)).isEqualTo(2);
		assertThat(voters(refusing)).as("the check constraint refuses 4").isNull();
		assertThat(counters().current(Poll.class, refusing, "voters")).as("the sketch is kept").isEqualTo(4);
	}

	private int pollShard(long id) {
		return DeltaStore.shardOf(new CounterKey("Poll", "voters", Long.toString(id)), store().shards());
	}

	private Long voters(long poll) {
		return jdbc().queryForObject("select voters from poll where id = ?", Long.class, poll);
	}

	@Test
	default void keysAreCountedWhenTheTransactionCommitsAndNotIfItRollsBack() {
		long post = newPost();
		transactions().executeWithoutResult((status) -> {
			counters().countUnique(Post.class, post, "uniqueViewers", "dave");
			assertThat(counters().current(Post.class, post, "uniqueViewers")).as("before commit").isZero();
		});
		transactions().executeWithoutResult((status) -> {
			counters().countUnique(Post.class, post, "uniqueViewers", "erin");
			status.setRollbackOnly();
		});
		counters().flush();
		assertThat(uniqueViewers(post)).isEqualTo(1);
	}

	@Test
	default void aHundredThousandDistinctKeysAreCountedWithinTheStatedError() {
		long post = newPost();
		int distinct = 100_000;
		for (int start = 0; start < distinct; start += 1000) {
			List<String> keys = new ArrayList<>(1000);
			for (int i = start; i < start + 1000; i++) {
				keys.add("visitor-" + i);
			}
			counters().countUnique(Post.class, post, "uniqueViewers", keys);
			// every key a second time: repeats never count
			counters().countUnique(Post.class, post, "uniqueViewers", keys.subList(0, 500));
		}
		counters().flush();

		// three standard errors: the sketches hash with fixed seeds, so this is no coin toss per run
		assertThat((double) uniqueViewers(post)).isCloseTo(distinct, within(3 * STANDARD_ERROR * distinct));
	}

	@Test
	default void aUniqueCounterTakesKeysAndAPlainCounterTakesDeltas() {
		long post = newPost();
		assertThatIllegalArgumentException().isThrownBy(() -> counters().increment(Post.class, post, "uniqueViewers", 1))
			.withMessageContaining("is a unique counter")
			.withMessageContaining("use countUnique(Post.class, id, \"uniqueViewers\", key)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().countUnique(Post.class, post, "viewCount", "alice"))
			.withMessageContaining("'viewCount' of " + Post.class.getName() + " is not a unique counter");
		List<String> withNull = new ArrayList<>(List.of("alice"));
		withNull.add(null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().countUnique(Post.class, post, "uniqueViewers", withNull))
			.withMessageContaining("must not be null");
		counters().flush();
		assertThat(uniqueViewers(post)).as("nothing counted").isNull();
	}

}
