package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.bufferedcounter.BufferedCounters;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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

}
