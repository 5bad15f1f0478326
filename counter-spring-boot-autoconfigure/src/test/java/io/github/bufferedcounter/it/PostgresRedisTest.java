package io.github.bufferedcounter.it;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresRedisTest extends AbstractRedisBufferedCountersTest {

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

}
