package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.CounterCheck;
import io.github.bufferedcounter.CounterDriftException;
import io.github.bufferedcounter.SampleCheck;
import io.github.bufferedcounter.VerifyMode;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.recount.CounterRepair;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Counter caches kept by the Hibernate listeners, on every database and store: each change of
 * a counted row, then a randomized concurrent workload checked against counts and sums
 * computed by SQL.
 */
interface CounterCacheTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	JdbcTemplate jdbc();

	EntityManagerFactory entityManagerFactory();

	CounterRegistry registry();

	DeltaStore store();

	private EntityManager entityManager() {
		return SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory());
	}

	private long newId() {
		return ThreadLocalRandom.current().nextLong(1, 1L << 50);
	}

	private long blog() {
		long id = newId();
		transactions().executeWithoutResult((status) -> entityManager().persist(new Blog(id)));
		return id;
	}

	private long article(long blog) {
		long id = newId();
		transactions().executeWithoutResult((status) -> entityManager()
			.persist(new Article(id, entityManager().getReference(Blog.class, blog))));
		return id;
	}

	private long reply(long article, Integer likes, boolean approved) {
		return transactions().execute((status) -> {
			Reply reply = new Reply(entityManager().getReference(Article.class, article), likes, approved);
			entityManager().persist(reply);
			entityManager().flush();
			return reply.getId();
		});
	}

	private void change(long reply, java.util.function.Consumer<Reply> change) {
		transactions().executeWithoutResult((status) -> change.accept(entityManager().find(Reply.class, reply)));
	}

	private void delete(long reply) {
		transactions().executeWithoutResult((status) -> entityManager().remove(entityManager().find(Reply.class, reply)));
	}

	/** The counters of an article as the database holds them: count, likes, approved, unapproved. */
	private List<Long> articleColumns(long article) {
		return jdbc().queryForList(
				"select reply_count, reply_likes, approved_replies, pending_replies from article where id = ?",
				article)
			.stream()
			.findFirst()
			.map((row) -> row.values().stream().map((value) -> ((Number) value).longValue()).toList())
			.orElseThrow();
	}

	/** The same four figures computed by SQL from the live replies. */
	private List<Long> articleRecount(long article) {
		return jdbc().queryForList("select count(*) as n, coalesce(sum(likes), 0) as l, "
				+ "sum(case when approved then 1 else 0 end) as a, sum(case when approved then 0 else 1 end) as p "
				+ "from reply where article_id = ? and deleted = false", article)
			.stream()
			.findFirst()
			.map((row) -> row.values()
				.stream()
				.map((value) -> (value != null) ? ((Number) value).longValue() : 0L)
				.toList())
			.orElseThrow();
	}

	private long blogColumn(long blog, String column) {
		return jdbc().queryForObject("select " + column + " from blogs where id = ?", Long.class, blog);
	}

	@Test
	default void insertedRowsCountOnceTheTransactionCommits() {
		long blog = blog();
		long article = article(blog);
		transactions().executeWithoutResult((status) -> {
			Article reference = entityManager().getReference(Article.class, article);
			entityManager().persist(new Reply(reference, 2, true));
			entityManager().persist(new Reply(reference, 3, false));
			entityManager().persist(new Reply(reference, null, true));
			entityManager().flush();
			assertThat(counters().pending(Article.class, article, "replyCount")).isZero();
		});

		assertThat(counters().pending(Article.class, article, "replyCount")).isEqualTo(3);
		assertThat(counters().current(Blog.class, blog, "replyCount")).isEqualTo(3);
		counters().flush();
		assertThat(articleColumns(article)).containsExactly(3L, 5L, 2L, 1L);
		assertThat(blogColumn(blog, "reply_count")).isEqualTo(3);
		assertThat(blogColumn(blog, "article_count")).isEqualTo(1);
	}

	@Test
	default void rolledBackInsertLeavesNothing() {
		long article = article(blog());
		transactions().executeWithoutResult((status) -> {
			entityManager().persist(new Reply(entityManager().getReference(Article.class, article), 4, true));
			entityManager().flush();
			status.setRollbackOnly();
		});

		assertThat(counters().pending(Article.class, article, "replyCount")).isZero();
		assertThat(counters().pending(Article.class, article, "replyLikes")).isZero();
	}

	@Test
	default void movedRowLeavesItsOldHolderForTheNewOneAtEveryLevel() {
		long firstBlog = blog();
		long secondBlog = blog();
		long from = article(firstBlog);
		long to = article(secondBlog);
		long reply = reply(from, 5, true);
		counters().flush();

		change(reply, (row) -> row.setArticle(entityManager().getReference(Article.class, to)));
		counters().flush();

		assertThat(articleColumns(from)).containsExactly(0L, 0L, 0L, 0L);
		assertThat(articleColumns(to)).containsExactly(1L, 5L, 1L, 0L);
		assertThat(blogColumn(firstBlog, "reply_count")).isZero();
		assertThat(blogColumn(secondBlog, "reply_count")).isEqualTo(1);
	}

	@Test
	default void summedValueAndConditionFollowUpdates() {
		long article = article(blog());
		long reply = reply(article, 5, false);

		change(reply, (row) -> {
			row.setLikes(12);
			row.setApproved(true);
		});
		counters().flush();
		assertThat(articleColumns(article)).containsExactly(1L, 12L, 1L, 0L);

		change(reply, (row) -> {
			row.setLikes(null);
			row.setApproved(false);
		});
		counters().flush();
		assertThat(articleColumns(article)).containsExactly(1L, 0L, 0L, 1L);
	}

	@Test
	default void softDeleteCountsAsDelete() {
		long blog = blog();
		long article = article(blog);
		long kept = reply(article, 1, true);
		long deleted = reply(article, 7, true);

		delete(deleted);
		counters().flush();

		assertThat(jdbc().queryForObject("select count(*) from reply where id = ?", Long.class, deleted))
			.as("soft-deleted row stays").isEqualTo(1);
		assertThat(articleColumns(article)).containsExactly(1L, 1L, 1L, 0L);
		assertThat(blogColumn(blog, "reply_count")).isEqualTo(1);
		assertThat(kept).isNotEqualTo(deleted);
	}

	@Test
	default void deletedHolderOfAnotherCounterIsUncounted() {
		long blog = blog();
		long kept = article(blog);
		long removed = article(blog);
		transactions().executeWithoutResult((status) -> entityManager().remove(entityManager().find(Article.class, removed)));

		counters().flush();

		assertThat(blogColumn(blog, "article_count")).isEqualTo(1);
		assertThat(kept).isNotEqualTo(removed);
	}

	@Test
	default void holderDeletedWithItsRowsLeavesNoOrphanDeltas() {
		long blog = blog();
		long first = article(blog);
		long second = article(blog);
		counters().flush();

		transactions().executeWithoutResult((status) -> {
			entityManager().remove(entityManager().find(Article.class, first));
			entityManager().remove(entityManager().find(Article.class, second));
			entityManager().remove(entityManager().find(Blog.class, blog));
		});

		assertThat(counters().pending(Blog.class, blog, "articleCount")).isZero();
		assertThat(counters().flush().orphans()).isZero();
	}

	@Test
	default void rowWithoutHolderCountsNowhere() {
		long article = article(blog());
		long reply = reply(article, 3, true);
		counters().flush();

		change(reply, (row) -> row.setArticle(null));
		transactions().executeWithoutResult((status) -> entityManager().persist(new Reply(null, 9, true)));
		counters().flush();

		assertThat(articleColumns(article)).containsExactly(0L, 0L, 0L, 0L);
	}

	@Test
	default void randomizedConcurrentChangesMatchSqlCounts() throws Exception {
		long[] blogs = { blog(), blog() };
		long[] articles = new long[6];
		for (int i = 0; i < articles.length; i++) {
			articles[i] = article(blogs[i % 2]);
		}
		counters().flush();
		int threads = 6;
		int operations = 60;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(executor.submit(() -> randomChanges(articles, operations)));
				if (t == threads / 2) {
					done.add(executor.submit(() -> counters().flush()));
				}
			}
			for (Future<?> future : done) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}

		counters().flush();

		for (long article : articles) {
			assertThat(articleColumns(article)).as("article " + article).isEqualTo(articleRecount(article));
		}
		for (long blog : blogs) {
			assertThat(blogColumn(blog, "reply_count")).isEqualTo(jdbc().queryForObject(
					"select count(*) from reply r join article a on a.id = r.article_id where a.blog_id = ? and r.deleted = false",
					Long.class, blog));
		}
	}

	/** Inserts, updates, moves and deletes replies of its own; each change in its own transaction. */
	private void randomChanges(long[] articles, int operations) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<Long> mine = new ArrayList<>();
		for (int i = 0; i < operations; i++) {
			long article = articles[random.nextInt(articles.length)];
			int choice = mine.isEmpty() ? 0 : random.nextInt(6);
			if (choice <= 1) {
				mine.add(reply(article, random.nextBoolean() ? random.nextInt(10) : null, random.nextBoolean()));
			}
			else if (choice == 2) {
				change(mine.get(random.nextInt(mine.size())), (row) -> row.setLikes(random.nextInt(20)));
			}
			else if (choice == 3) {
				change(mine.get(random.nextInt(mine.size())), (row) -> row.setApproved(!row.isApproved()));
			}
			else if (choice == 4) {
				change(mine.get(random.nextInt(mine.size())),
						(row) -> row.setArticle(entityManager().getReference(Article.class, article)));
			}
			else {
				delete(mine.remove(random.nextInt(mine.size())));
			}
		}
	}

	/** Inserts a reply behind Hibernate's back, as a bulk import or migration would. */
	private void insertBySql(long article, int likes, boolean approved) {
		jdbc().update("insert into reply (article_id, likes, approved, deleted) values (?, ?, ?, ?)", article, likes,
				approved, false);
	}

	@Test
	default void recalculateRepairsChangesListenersMissedAndCountsPendingOnce() {
		long blog = blog();
		long article = article(blog);
		reply(article, 1, true);
		reply(article, 2, true);
		counters().flush();
		reply(article, 4, false);
		insertBySql(article, 8, true);
		insertBySql(article, 16, false);

		CounterCheck before = counters().verify(Article.class, article, "replyLikes");
		assertThat(before.correct()).isFalse();
		assertThat(before.current()).isEqualTo(7);
		assertThat(before.expected()).isEqualTo(31);

		assertThat(counters().recalculate(Article.class, article, "replyLikes")).isEqualTo(31);
		assertThat(counters().recalculate(Article.class, article, "approvedReplies")).isEqualTo(3);
		assertThat(counters().recalculate(Blog.class, blog, "replyCount")).isEqualTo(5);
		assertThat(counters().verify(Article.class, article, "replyLikes").correct()).isTrue();
		counters().flush();

		assertThat(articleColumns(article)).containsExactly(3L, 31L, 3L, 1L);
		assertThat(counters().verify(Article.class, article, "replyCount")).returns(false, CounterCheck::correct)
			.returns(-2L, CounterCheck::drift);
		assertThat(blogColumn(blog, "reply_count")).isEqualTo(5);
	}

	@Test
	default void aRowDeletedThroughAStatelessSessionIsCounted() {
		long blog = blog();
		long article = article(blog);
		reply(article, 1, true);
		long removed = reply(article, 2, true);
		counters().flush();

		entityManagerFactory().unwrap(SessionFactory.class)
			.inStatelessTransaction((session) -> session.delete(session.get(Reply.class, removed)));
		counters().flush();

		assertThat(articleColumns(article)).isEqualTo(articleRecount(article)).containsExactly(1L, 1L, 1L, 0L);
		assertThat(blogColumn(blog, "reply_count")).isEqualTo(1);
	}

	@Test
	default void aDetachedReferenceOnAMultiLevelPathIsFollowed() {
		long blog = blog();
		long article = article(blog);
		// taken outside a transaction, as repository.getReferenceById: its session is closed at once
		Article reference = entityManager().getReference(Article.class, article);

		transactions().executeWithoutResult((status) -> entityManager().persist(new Reply(reference, 3, true)));
		counters().flush();

		assertThat(articleColumns(article)).containsExactly(1L, 3L, 1L, 0L);
		assertThat(blogColumn(blog, "reply_count")).isEqualTo(1);
	}

	@Test
	default void recalculateRepairsANullColumn() {
		long article = article(blog());
		reply(article, 1, false);
		reply(article, 1, false);
		counters().flush();
		jdbc().update("update article set pending_replies = null where id = ?", article);

		assertThat(counters().recalculate(Article.class, article, "pendingReplies")).isEqualTo(2);

		assertThat(jdbc().queryForObject("select pending_replies from article where id = ?", Long.class, article))
			.isEqualTo(2);
	}

	@Test
	default void recalculateAllRecountsEveryHolderChunkByChunkWithPendingDeltas() {
		long blog = blog();
		long[] articles = { article(blog), article(blog), article(blog), article(blog), article(blog) };
		for (long article : articles) {
			reply(article, 3, true);
		}
		counters().flush();
		for (long article : articles) {
			insertBySql(article, 5, true);
			reply(article, 7, false);
		}
		jdbc().update("update article set reply_likes = 999 where id = ?", articles[0]);

		CounterRepair repair = new CounterRepair(entityManagerFactory(), registry(), store());
		long rows = repair.recalculateAll(Article.class, "replyLikes", 2);
		repair.recalculateAll(Blog.class, "replyCount", 2);
		counters().flush();

		assertThat(rows).isGreaterThanOrEqualTo(articles.length);
		for (long article : articles) {
			assertThat(jdbc().queryForObject("select reply_likes from article where id = ?", Long.class, article))
				.isEqualTo(15);
		}
		assertThat(blogColumn(blog, "reply_count")).isEqualTo(15);
	}

	@Test
	default void sampleVerificationLogsCorrectsOrFails() {
		long article = article(blog());
		reply(article, 1, true);
		counters().flush();
		jdbc().update("update article set reply_count = 40 where id = ?", article);
		int everyRow = 100_000;

		SampleCheck logged = counters().verifySample(Article.class, "replyCount", everyRow, VerifyMode.LOG);
		assertThat(logged.drifted()).extracting(CounterCheck::id).contains(article);
		assertThat(logged.corrected()).isZero();
		assertThatExceptionOfType(CounterDriftException.class)
			.isThrownBy(() -> counters().verifySample(Article.class, "replyCount", everyRow, VerifyMode.FAIL))
			.withMessageContaining("Article.replyCount[" + article + "]: 40 (expected 1)")
			.satisfies((ex) -> assertThat(ex.drifted()).extracting(CounterCheck::id).contains(article));

		SampleCheck corrected = counters().verifySample(Article.class, "replyCount", everyRow, VerifyMode.CORRECT);
		assertThat(corrected.corrected()).isEqualTo(corrected.drifted().size()).isPositive();
		assertThat(counters().verify(Article.class, article, "replyCount").correct()).isTrue();
		assertThat(counters().verifySample(Article.class, "replyCount", 3, VerifyMode.FAIL).checked()).isEqualTo(3);
	}

	@Test
	default void recountOfPlainCounterIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> counters().recalculate(Post.class, 1L, "viewCount"))
			.withMessageContaining("'viewCount' is not a counter cache of Post")
			.withMessageContaining("its counters with countOf are []");
		assertThatIllegalArgumentException().isThrownBy(() -> counters().verify(Post.class, 1L, "viewCount"))
			.withMessageContaining("'viewCount' is not a counter cache of Post");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().verifySample(Article.class, "replyCount", 0, VerifyMode.LOG))
			.withMessageContaining("Sample size must be at least 1");
	}

}
