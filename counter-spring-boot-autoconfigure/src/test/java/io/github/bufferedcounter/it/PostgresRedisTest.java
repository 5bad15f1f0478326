package io.github.bufferedcounter.it;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.FlushResult;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.store.UncertainCommits;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import org.hibernate.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

@ExtendWith(OutputCaptureExtension.class)
class PostgresRedisTest extends AbstractRedisBufferedCountersTest {

	private static final String UNKNOWN_OUTCOME = "it is unknown whether the database committed it";

	@Autowired
	UncertainCommits uncertainCommits;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.postgres().registerDataSource(registry);
		redis(registry, "pg");
	}

	@Test
	void redisStoreIsUsed() {
		assertThat(this.store).isInstanceOf(RedisDeltaStore.class);
	}

	@Test
	void databaseSeesExactlyOneUpdatePerDirtyRow() {
		this.jdbc.execute("create table if not exists post_updates (id bigint, n int)");
		this.jdbc.execute("delete from post_updates");
		this.jdbc.execute("create or replace function count_post_update() returns trigger as $$ "
				+ "begin insert into post_updates values (new.id, 1); return new; end $$ language plpgsql");
		this.jdbc.execute("drop trigger if exists post_update_counter on blog_posts");
		this.jdbc.execute("create trigger post_update_counter after update on blog_posts "
				+ "for each row execute function count_post_update()");
		try {
			long other = createPost();
			for (int i = 0; i < 100; i++) {
				this.counters.increment(Post.class, this.postId, "viewCount", 1);
				this.counters.increment(Post.class, this.postId, "likes", 1);
				this.counters.increment(Post.class, other, "viewCount", 2);
			}

			this.counters.flush();

			assertThat(this.jdbc.queryForList("select id from post_updates order by id", Long.class))
				.containsExactlyInAnyOrder(this.postId, other);
			assertThat(views(this.postId)).isEqualTo(100);
			assertThat(likes(this.postId)).isEqualTo(100);
			assertThat(views(other)).isEqualTo(200);
		}
		finally {
			this.jdbc.execute("drop trigger if exists post_update_counter on blog_posts");
		}
	}

	@Test
	void batchWhoseCommitFailsAfterNewValuesWereReadPublishesNothing() throws Exception {
		this.jdbc.execute("create or replace function refuse_post_commit() returns trigger as $$ "
				+ "begin raise exception 'refused at commit'; end $$ language plpgsql");
		this.jdbc.execute("drop trigger if exists refuse_post_commit on blog_posts");
		this.jdbc.execute("create constraint trigger refuse_post_commit after update on blog_posts "
				+ "deferrable initially deferred for each row execute function refuse_post_commit()");
		FlushResult failed;
		try {
			this.counters.increment(Post.class, this.postId, "viewCount", 6);
			failed = this.counters.flush();
		}
		finally {
			this.jdbc.execute("drop trigger if exists refuse_post_commit on blog_posts");
		}
		assertThat(failed.retried()).isEqualTo(1);
		assertThat(views(this.postId)).isZero();
		assertThat(this.changes.all()).isEmpty();

		Thread.sleep(250);
		this.counters.flush();

		assertThat(views(this.postId)).isEqualTo(6);
		assertThat(this.changes.all())
			.containsExactly(new CounterChangedEvent(Post.class, "Post", this.postId, "viewCount", 0, 6));
	}

	@Test
	void incrementsOfATransactionWhoseCommitOutcomeIsUnknownAreLoggedAndCounted(CapturedOutput output) {
		long lostBefore = this.uncertainCommits.lostDeltas();

		assertThatRuntimeException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.counters.increment(Post.class, this.postId, "viewCount", 4);
			killConnectionAtCommit();
		}));

		assertThat(output).contains(UNKNOWN_OUTCOME, "buffered counter deltas", "Post:viewCount:" + this.postId);
		assertThat(this.uncertainCommits.lostDeltas() - lostBefore).isEqualTo(1);
		assertThat(this.meters.get("buffered.counter.lost")
			.tag("cause", "commit-outcome-unknown")
			.functionCounter()
			.count()).isEqualTo(this.uncertainCommits.lostDeltas());
		assertThat(this.counters.pending(Post.class, this.postId, "viewCount")).isZero();
	}

	@Test
	void counterCacheDeltasOfATransactionWhoseCommitOutcomeIsUnknownAreLoggedAndCounted(CapturedOutput output) {
		EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(this.entityManagerFactory);
		long blog = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		long article = blog + 1;
		this.transactions.executeWithoutResult((status) -> {
			entityManager.persist(new Blog(blog));
			entityManager.persist(new Article(article, entityManager.getReference(Blog.class, blog)));
		});
		long lostBefore = this.uncertainCommits.lostDeltas();

		assertThatRuntimeException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			entityManager.persist(new Reply(entityManager.getReference(Article.class, article), 2, true));
			entityManager.flush();
			killConnectionAtCommit();
		}));

		assertThat(output).contains(UNKNOWN_OUTCOME, "counter cache deltas", "Article:replyCount:" + article);
		assertThat(this.uncertainCommits.lostDeltas()).isGreaterThan(lostBefore);
		assertThat(this.counters.pending(Article.class, article, "replyCount")).isZero();
	}

	/**
	 * A COMMIT the database refuses is a rollback: Hibernate 7.4 rolls back after it and its
	 * status says so. Hibernate 7.2 tries no rollback, and the outcome stays unknown to it.
	 */
	@Test
	void incrementsOfACommitTheDatabaseRefusedAreDroppedAsARollback(CapturedOutput output) {
		long lostBefore = this.uncertainCommits.lostDeltas();

		assertThatRuntimeException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.counters.increment(Post.class, this.postId, "viewCount", 4);
			atCommit("raise exception 'refused at commit'");
		}));

		boolean hibernateRollsBackAfterAFailedCommit = !Version.getVersionString().startsWith("7.2.");
		assertThat(this.uncertainCommits.lostDeltas() - lostBefore)
			.isEqualTo(hibernateRollsBackAfterAFailedCommit ? 0 : 1);
		assertThat(output.toString().contains("Post:viewCount:" + this.postId))
			.isEqualTo(!hibernateRollsBackAfterAFailedCommit);
		assertThat(this.counters.pending(Post.class, this.postId, "viewCount")).isZero();
	}

	/**
	 * Makes the current transaction's COMMIT end its own server process: the client sees the
	 * connection drop during COMMIT and cannot tell whether it committed.
	 */
	private void killConnectionAtCommit() {
		atCommit("perform pg_terminate_backend(pg_backend_pid())");
	}

	/** Runs a PL/pgSQL statement when the current transaction commits, from a deferred trigger. */
	private void atCommit(String statement) {
		this.jdbc.execute("create or replace function at_commit() returns trigger as $$ begin " + statement
				+ "; return null; end $$ language plpgsql");
		this.jdbc.execute("create table if not exists at_commit (id int)");
		this.jdbc.execute("drop trigger if exists at_commit on at_commit");
		this.jdbc.execute("create constraint trigger at_commit after insert on at_commit "
				+ "deferrable initially deferred for each row execute function at_commit()");
		this.jdbc.update("insert into at_commit values (1)");
	}

}
