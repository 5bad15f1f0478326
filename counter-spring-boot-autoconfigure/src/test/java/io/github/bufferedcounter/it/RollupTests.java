package io.github.bufferedcounter.it;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.CounterBucket;
import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.store.DeadLetter;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rollup buckets ({@code @CounterRollup}) on every database and store: each committed delta
 * lands in the bucket of its commit, in the rollup time zone, and reaches
 * {@code buffered_counter_rollup} exactly once.
 */
interface RollupTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	JdbcTemplate jdbc();

	EntityManagerFactory entityManagerFactory();

	DeltaStore store();

	Flusher flusher(DeltaStore store, Duration lease);

	/** 10:15 in Berlin, in winter time (UTC+1). */
	private static void clockAt(String berlinTime) {
		CounterTestApplication.ROLLUP_CLOCK
			.set(LocalDateTime.parse(berlinTime).atZone(CounterTestApplication.ROLLUP_ZONE).toInstant());
	}

	private long newPost() {
		long id = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		jdbc().update("insert into blog_posts (id, title, view_count, like_total, version) values (?, 't', 0, 0, 0)", id);
		return id;
	}

	private Map<LocalDateTime, Long> written(String table, String column, Object id, RollupPeriod period) {
		Map<LocalDateTime, Long> buckets = new java.util.TreeMap<>();
		jdbc().query("select bucket_start, bucket_count from buffered_counter_rollup where holder_table = ?"
				+ " and counter_column = ? and holder_id = ? and bucket_period = ?", (row) -> {
					buckets.put(row.getObject(1, LocalDateTime.class), row.getLong(2));
				}, table, column, id.toString(), period.name());
		return buckets;
	}

	private static LocalDateTime at(String time) {
		return LocalDateTime.parse(time);
	}

	@Test
	default void deltasLandInTheBucketOfTheirCommitAndAreWrittenOnce() {
		long post = newPost();
		clockAt("2026-03-10T10:15");
		transactions().executeWithoutResult((status) -> {
			counters().increment(Post.class, post, "readCount", 2);
			clockAt("2026-03-10T10:59");
			counters().increment(Post.class, post, "readCount", 1);
		});
		counters().increment(Post.class, post, "readCount", 3);
		clockAt("2026-03-10T11:01");
		counters().increment(Post.class, post, "readCount", 4);
		clockAt("2026-03-11T00:30");
		counters().increment(Post.class, post, "readCount", 5);

		List<CounterBucket> hours = counters().series(Post.class, post, "readCount", RollupPeriod.HOUR,
				at("2026-03-10T09:30"), at("2026-03-10T12:00"));
		assertThat(hours).as("pending, with empty hours as zero").containsExactly(
				new CounterBucket(at("2026-03-10T09:00"), 0), new CounterBucket(at("2026-03-10T10:00"), 6),
				new CounterBucket(at("2026-03-10T11:00"), 4));
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.HOUR)).isEmpty();

		counters().flush();

		assertThat(written("blog_posts", "read_count", post, RollupPeriod.HOUR)).containsExactly(
				Map.entry(at("2026-03-10T10:00"), 6L), Map.entry(at("2026-03-10T11:00"), 4L),
				Map.entry(at("2026-03-11T00:00"), 5L));
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.DAY))
			.containsExactly(Map.entry(at("2026-03-10T00:00"), 10L), Map.entry(at("2026-03-11T00:00"), 5L));
		assertThat(jdbc().queryForObject("select read_count from blog_posts where id = ?", Long.class, post))
			.isEqualTo(15);
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.HOUR, at("2026-03-10T10:00"),
				at("2026-03-10T12:00")))
			.as("written, nothing pending")
			.extracting(CounterBucket::count)
			.containsExactly(6L, 4L);

		counters().increment(Post.class, post, "readCount", 7);
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.DAY, at("2026-03-10T00:00"),
				at("2026-03-12T00:00")))
			.as("written plus pending")
			.extracting(CounterBucket::count)
			.containsExactly(10L, 12L);
		counters().flush();
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.DAY))
			.as("an existing bucket is added to")
			.containsEntry(at("2026-03-11T00:00"), 12L);
	}

	/** An instant in UTC, for the hours a local time names twice or not at all. */
	private static void clockAtUtc(String instant) {
		CounterTestApplication.ROLLUP_CLOCK.set(Instant.parse(instant));
	}

	@Test
	default void theHourRepeatedWhenSummerTimeEndsIsOneBucketOfTwoHours() {
		long post = newPost();
		// Berlin, 2026-10-25: at 03:00 summer time (01:00 UTC) the clocks go back to 02:00
		clockAtUtc("2026-10-24T22:30:00Z");
		counters().increment(Post.class, post, "readCount", 1);
		clockAtUtc("2026-10-25T00:15:00Z");
		counters().increment(Post.class, post, "readCount", 2);
		clockAtUtc("2026-10-25T01:15:00Z");
		counters().increment(Post.class, post, "readCount", 3);
		clockAtUtc("2026-10-25T02:15:00Z");
		counters().increment(Post.class, post, "readCount", 4);
		clockAtUtc("2026-10-25T22:30:00Z");
		counters().increment(Post.class, post, "readCount", 5);

		counters().flush();

		assertThat(written("blog_posts", "read_count", post, RollupPeriod.HOUR))
			.as("02:15 summer time and 02:15 winter time share the bucket of 02:00")
			.containsExactly(Map.entry(at("2026-10-25T00:00"), 1L), Map.entry(at("2026-10-25T02:00"), 5L),
					Map.entry(at("2026-10-25T03:00"), 4L), Map.entry(at("2026-10-25T23:00"), 5L));
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.DAY))
			.as("a day of 25 hours, from 22:00 to 23:00 UTC the next day")
			.containsExactly(Map.entry(at("2026-10-25T00:00"), 15L));
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.HOUR, at("2026-10-25T01:00"),
				at("2026-10-25T04:00")))
			.containsExactly(new CounterBucket(at("2026-10-25T01:00"), 0), new CounterBucket(at("2026-10-25T02:00"), 5),
					new CounterBucket(at("2026-10-25T03:00"), 4));
	}

	@Test
	default void theHourSkippedWhenSummerTimeStartsHoldsNothing() {
		long post = newPost();
		// Berlin, 2026-03-29: at 02:00 winter time (01:00 UTC) the clocks go forward to 03:00
		clockAtUtc("2026-03-29T00:59:00Z");
		counters().increment(Post.class, post, "readCount", 1);
		clockAtUtc("2026-03-29T01:00:00Z");
		counters().increment(Post.class, post, "readCount", 2);
		clockAtUtc("2026-03-29T21:59:00Z");
		counters().increment(Post.class, post, "readCount", 3);
		clockAtUtc("2026-03-29T22:00:00Z");
		counters().increment(Post.class, post, "readCount", 4);

		counters().flush();

		assertThat(written("blog_posts", "read_count", post, RollupPeriod.HOUR))
			.as("one minute apart: 01:59 winter time and 03:00 summer time")
			.containsExactly(Map.entry(at("2026-03-29T01:00"), 1L), Map.entry(at("2026-03-29T03:00"), 2L),
					Map.entry(at("2026-03-29T23:00"), 3L), Map.entry(at("2026-03-30T00:00"), 4L));
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.DAY))
			.as("a day of 23 hours")
			.containsExactly(Map.entry(at("2026-03-29T00:00"), 6L), Map.entry(at("2026-03-30T00:00"), 4L));
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.HOUR, at("2026-03-29T01:00"),
				at("2026-03-29T04:00")))
			.as("the local hour 02:00 does not exist that day: a series shows it as zero")
			.containsExactly(new CounterBucket(at("2026-03-29T01:00"), 1), new CounterBucket(at("2026-03-29T02:00"), 0),
					new CounterBucket(at("2026-03-29T03:00"), 2));
	}

	@Test
	default void monthBucketsStartOnTheFirstInTheRollupTimeZone() {
		long post = newPost();
		clockAt("2026-01-31T23:59");
		counters().increment(Post.class, post, "readCount", 1);
		clockAt("2026-02-01T00:00");
		counters().increment(Post.class, post, "readCount", 2);
		clockAt("2026-02-28T23:59");
		counters().increment(Post.class, post, "readCount", 3);
		// 00:30 in Berlin is still February in UTC: the bucket follows the rollup time zone
		clockAt("2026-03-01T00:30");
		counters().increment(Post.class, post, "readCount", 4);
		clockAt("2026-12-31T23:00");
		counters().increment(Post.class, post, "readCount", 5);

		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.MONTH, at("2026-01-01T00:00"),
				at("2026-04-01T00:00")))
			.as("pending")
			.containsExactly(new CounterBucket(at("2026-01-01T00:00"), 1), new CounterBucket(at("2026-02-01T00:00"), 5),
					new CounterBucket(at("2026-03-01T00:00"), 4));

		counters().flush();

		assertThat(written("blog_posts", "read_count", post, RollupPeriod.MONTH)).containsExactly(
				Map.entry(at("2026-01-01T00:00"), 1L), Map.entry(at("2026-02-01T00:00"), 5L),
				Map.entry(at("2026-03-01T00:00"), 4L), Map.entry(at("2026-12-01T00:00"), 5L));
		clockAt("2026-03-15T12:00");
		counters().increment(Post.class, post, "readCount", 6);
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.MONTH, at("2026-02-01T00:00"),
				at("2027-01-01T00:00")))
			.as("written plus pending, eleven months")
			.hasSize(11)
			.extracting(CounterBucket::count)
			.containsExactly(5L, 10L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 5L);
		counters().flush();
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.MONTH))
			.containsEntry(at("2026-03-01T00:00"), 10L);
	}

	@Test
	default void aRolledBackTransactionAddsToNoBucket() {
		long post = newPost();
		clockAt("2026-06-01T08:00");
		transactions().executeWithoutResult((status) -> {
			counters().increment(Post.class, post, "readCount", 5);
			assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.HOUR, at("2026-06-01T08:00"),
					at("2026-06-01T09:00")))
				.as("the transaction sees its own increment in the current bucket")
				.extracting(CounterBucket::count)
				.containsExactly(5L);
			status.setRollbackOnly();
		});
		counters().flush();
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.HOUR)).isEmpty();
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.DAY, at("2026-06-01T00:00"),
				at("2026-06-02T00:00")))
			.extracting(CounterBucket::count)
			.containsExactly(0L);
	}

	@Test
	default void aBatchAppliedAgainAfterACrashAddsToNoBucketTwice() throws Exception {
		long post = newPost();
		clockAt("2026-07-04T12:00");
		counters().increment(Post.class, post, "readCount", 9);
		Flusher dying = flusher(CrashingStore.crashingOnNextAcknowledge(store()), Duration.ofMillis(300));
		try {
			dying.flush();
		}
		catch (IllegalStateException expected) {
			// the flusher died after its commit, before acknowledging
		}
		assertThat(counters().series(Post.class, post, "readCount", RollupPeriod.DAY, at("2026-07-04T00:00"),
				at("2026-07-05T00:00")))
			.as("the committed batch is still in the store, and counted once")
			.extracting(CounterBucket::count)
			.containsExactly(9L);
		Thread.sleep(400);
		flusher(store(), Duration.ofSeconds(30)).flush();
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.DAY))
			.containsExactly(Map.entry(at("2026-07-04T00:00"), 9L));
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.HOUR))
			.containsExactly(Map.entry(at("2026-07-04T12:00"), 9L));
	}

	@Test
	default void counterCacheChangesAreRolledUpAsNetChange() {
		long blog = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		transactions().executeWithoutResult((status) -> entityManager().persist(new Blog(blog)));
		clockAt("2026-02-01T09:00");
		List<Long> articles = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			long id = ThreadLocalRandom.current().nextLong(1, 1L << 50);
			transactions().executeWithoutResult((status) -> entityManager()
				.persist(new Article(id, entityManager().getReference(Blog.class, blog))));
			articles.add(id);
		}
		clockAt("2026-02-02T09:00");
		transactions().executeWithoutResult(
				(status) -> entityManager().remove(entityManager().find(Article.class, articles.get(0))));

		assertThat(counters().series(Blog.class, blog, "articleTrend", RollupPeriod.DAY, at("2026-02-01T00:00"),
				at("2026-02-03T00:00")))
			.extracting(CounterBucket::count)
			.containsExactly(3L, -1L);
		counters().flush();
		assertThat(written("blogs", "article_trend", blog, RollupPeriod.DAY))
			.containsExactly(Map.entry(at("2026-02-01T00:00"), 3L), Map.entry(at("2026-02-02T00:00"), -1L));
	}

	@Test
	default void manyBucketsInOneBatchAreWritten() {
		clockAt("2026-09-09T09:09");
		List<Long> posts = new ArrayList<>();
		for (int i = 0; i < 1200; i++) {
			posts.add(newPost());
		}
		transactions().executeWithoutResult((status) -> posts
			.forEach((post) -> counters().increment(Post.class, post, "readCount", (post % 7) + 1)));
		counters().flush();
		Long wrongOrMissing = jdbc().queryForObject("select count(*) from blog_posts p where p.id in ("
				+ String.join(", ", posts.stream().map(String::valueOf).toList()) + ") and not exists (select 1 from"
				+ " buffered_counter_rollup r where r.holder_table = 'blog_posts' and r.counter_column = 'read_count'"
				+ " and r.bucket_period = 'DAY' and r.holder_id = " + castToText("p.id")
				+ " and r.bucket_count = mod(p.id, 7) + 1)", Long.class);
		assertThat(wrongOrMissing).isZero();
	}

	private String castToText(String column) {
		String product = jdbc().execute((java.sql.Connection connection) -> connection.getMetaData()
			.getDatabaseProductName());
		return product.toLowerCase().contains("maria") || product.toLowerCase().contains("mysql")
				? "cast(" + column + " as char)" : "cast(" + column + " as varchar(191))";
	}

	@Test
	default void theBucketsOfARowThatIsGoneAreDroppedWithItsDelta() {
		long post = newPost();
		clockAt("2026-10-10T10:10");
		counters().increment(Post.class, post, "readCount", 2);
		jdbc().update("delete from blog_posts where id = ?", post);
		counters().flush();
		assertThat(written("blog_posts", "read_count", post, RollupPeriod.DAY)).isEmpty();
		assertThat(counters().pending(Post.class, post, "readCount")).isZero();
	}

	@Test
	default void aBucketTheDatabaseRefusesIsRejectedAloneAndTheRestIsWritten() {
		String tooLong = "t".repeat(250) + ThreadLocalRandom.current().nextInt(1_000_000);
		String fine = "fine-" + ThreadLocalRandom.current().nextInt(1_000_000);
		jdbc().update("insert into topic (name, mentions) values (?, 0), (?, 0)", tooLong, fine);
		clockAt("2026-05-05T05:05");
		counters().increment(Topic.class, tooLong, "mentions", 2);
		counters().increment(Topic.class, fine, "mentions", 3);

		assertThat(counters().flush().rejected()).as("the bucket of the 250-character id").isEqualTo(1);

		assertThat(jdbc().queryForObject("select mentions from topic where name = ?", Long.class, tooLong))
			.as("its column is written")
			.isEqualTo(2);
		assertThat(written("topic", "mentions", fine, RollupPeriod.DAY))
			.containsExactly(Map.entry(at("2026-05-05T00:00"), 3L));
		assertThat(counters().series(Topic.class, tooLong, "mentions", RollupPeriod.DAY, at("2026-05-05T00:00"),
				at("2026-05-06T00:00")))
			.as("the rejected bucket delta waits in the store for its retries")
			.extracting(CounterBucket::count)
			.containsExactly(2L);
		for (int i = 0; i < 3; i++) {
			counters().flush();
		}
		String bucketKey = "Topic:mentions@2026-05-05:" + tooLong;
		assertThat(store().deadLetters(1000).stream().map(DeadLetter::key))
			.as("parked after its attempts, as a row that fails")
			.contains(bucketKey);
		assertThat(store().discardDeadLetters(bucketKey)).isEqualTo(1);
	}

	@Test
	default void aSeriesIsCheckedBeforeAnythingIsRead() {
		long post = newPost();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().series(Post.class, post, "viewCount", RollupPeriod.DAY, at("2026-01-01T00:00"),
					at("2026-01-02T00:00")))
			.withMessageContaining("'viewCount' of " + Post.class.getName() + " has no @CounterRollup with period DAY")
			.withMessageContaining("its periods are []");
		long blog = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().series(Blog.class, blog, "articleTrend", RollupPeriod.MONTH,
					at("2026-01-01T00:00"), at("2026-02-01T00:00")))
			.withMessageContaining("its periods are [DAY]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().series(Post.class, post, "readCount", RollupPeriod.DAY,
					at("2026-01-02T00:00"), at("2026-01-01T00:00")))
			.withMessageContaining("must be from a time before 'to'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().series(Post.class, post, "readCount", RollupPeriod.HOUR,
					at("2026-01-01T00:00"), at("2027-01-01T00:00")))
			.withMessageContaining("holds more than 5000 HOUR buckets")
			.withMessageContaining("read it in parts");
	}

	private EntityManager entityManager() {
		return SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory());
	}

}
