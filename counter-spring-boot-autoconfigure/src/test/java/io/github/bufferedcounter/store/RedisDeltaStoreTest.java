package io.github.bufferedcounter.store;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedisDeltaStoreTest extends AbstractDeltaStoreContractTest {

	/** Shared by the Redis contract tests of this JVM; Lettuce closes it at exit. */
	private static final LettuceConnectionFactory connectionFactory = connect();

	private final StringRedisTemplate redis = new StringRedisTemplate(connectionFactory());

	private String prefix;

	private static LettuceConnectionFactory connect() {
		return Loopback.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
	}

	/** The client the store talks through; Lettuce unless a subclass picks another. */
	RedisConnectionFactory connectionFactory() {
		return connectionFactory;
	}

	@Override
	DeltaStore createStore() {
		this.prefix = "contract-" + UUID.randomUUID();
		return new RedisDeltaStore(redis, this.prefix, 4, Clock.systemUTC(), singleNode(),
				RedisDeltaStore.DEFAULT_SPILL_LIMIT, RedisDeltaStore.DEFAULT_WRITER_MARK_TTL, writesInFlight());
	}

	/** How many combined writes the store may have in flight at once. */
	int writesInFlight() {
		return 1;
	}

	/** Whether the store may write several shards in one call, as on a single Redis node. */
	boolean singleNode() {
		return false;
	}

	@Test
	void everyKeyOfAShardSharesOneHashTag() {
		this.store.add(java.util.Map.of(VIEWS, 1L));
		claimOne(VIEWS);

		assertThat(redis.keys(this.prefix + ":*")).isNotEmpty()
			.allSatisfy((key) -> assertThat(key).matches(java.util.regex.Pattern.quote(this.prefix) + ":\\{"
					+ java.util.regex.Pattern.quote(this.prefix) + ":\\d+\\}:[a-z0-9-]+"));
	}

	@Test
	void fewerShardsThanTheDataWasWrittenWithAreRefused() {
		((RedisDeltaStore) this.store).checkShardCount();
		new RedisDeltaStore(redis, this.prefix, 8, Clock.systemUTC()).checkShardCount();

		org.assertj.core.api.Assertions
			.assertThatIllegalStateException()
			.isThrownBy(() -> new RedisDeltaStore(redis, this.prefix, 4, Clock.systemUTC()).checkShardCount())
			.withMessageContaining("buffered-counter.redis.shards is 4 but Redis holds data written with 8 shards");
	}

	@Test
	void aDeletedRowIsKnownToEveryInstanceForWriterMarkTtl() {
		this.store.add(java.util.Map.of(VIEWS, 1L));
		this.store.rowsDeleted(List.of(VIEWS, LIKES));

		DeltaStore other = new RedisDeltaStore(redis, this.prefix, 4, Clock.systemUTC(), singleNode());
		assertThat(other.deletedAmong(List.of(LIKES))).containsExactly(LIKES);
		assertThat(redis.keys(this.prefix + "*deleted:*")).singleElement()
			.satisfies((key) -> assertThat(redis.getExpire(key)).isGreaterThan(6 * 24 * 3600L));
	}

	@Test
	void aPrefixWithATrailingColonNamesTheSameKeys() {
		RedisDeltaStore withColon = new RedisDeltaStore(redis, this.prefix + ":", 4, Clock.systemUTC(), singleNode());
		withColon.add(java.util.Map.of(VIEWS, 3L));
		withColon.checkShardCount();

		assertThat(this.store.pending(VIEWS).buffered()).isEqualTo(3);
		assertThat(redis.keys(this.prefix + "*")).isNotEmpty().noneMatch((key) -> key.contains("::"));
		assertThat(redis.hasKey(this.prefix + ":shards")).isTrue();
	}

	@Test
	void anEmptiedShardKeepsNoKeysAndAClosedStoreNoWriterMarks() {
		this.store.add(java.util.Map.of(VIEWS, 2L, new CounterKey("Post", "views", "2"), 3L));
		this.store.add(java.util.Map.of(new CounterKey("Tag", "uses", "java"), 0L));
		long seen = this.store.pending(VIEWS).claimVersion();
		claimAll();

		assertThat(redis.keys(this.prefix + "*")).isNotEmpty().allMatch((key) -> key.contains(":writer-"));
		this.store.add(java.util.Map.of(VIEWS, 1L));
		assertThat(this.store.claimVersion(VIEWS)).as("a new version, never the one a reader may hold")
			.isNotEqualTo(seen)
			.isNotZero();
		claimAll();
		((RedisDeltaStore) this.store).close();
		assertThat(redis.keys(this.prefix + "*")).isEmpty();
	}

	@Test
	void valuesAreStoredAsPlainStrings() {
		this.store.add(java.util.Map.of(VIEWS, 12L));

		String pending = redis.keys(this.prefix + ":*:pending").iterator().next();
		assertThat(redis.opsForHash().get(pending, "Post:views:1")).isEqualTo("12");
	}

	@Test
	void aDeadLetterThatIsNotAnIntegerIsReplacedWithoutHaltingTheAcknowledge() {
		this.store.add(java.util.Map.of(VIEWS, 5L));
		ClaimedBatch batch = claimOne(VIEWS);
		redis.opsForHash().put(shardHash(VIEWS, "dead"), VIEWS.encode(), "abc");

		this.store.acknowledge(batch, List.of(new RejectedDelta(VIEWS, 5, "boom")), 1);

		assertThat(this.store.claim(DeltaStore.shardOf(VIEWS, this.store.shards()), 1000, LEASE)).isEmpty();
		assertThat(this.store.deadLetters(10)).singleElement()
			.satisfies((dead) -> assertThat(dead.delta()).isEqualTo("5"))
			.satisfies((dead) -> assertThat(dead.error()).contains("boom", "replaced the dead letter abc"));
	}

	@Test
	void aPendingValueThatIsNotAnIntegerSendsTheRejectedDeltaToTheDeadLetters() {
		this.store.add(java.util.Map.of(VIEWS, 5L));
		ClaimedBatch batch = claimOne(VIEWS);
		redis.opsForHash().put(shardHash(VIEWS, "pending"), VIEWS.encode(), "xyz");

		this.store.acknowledge(batch, List.of(new RejectedDelta(VIEWS, 5, "boom")), 3);

		assertThat(this.store.deadLetters(10)).singleElement()
			.satisfies((dead) -> assertThat(dead.delta()).isEqualTo("5"))
			.satisfies((dead) -> assertThat(dead.error()).contains("pending holds a value that is not an integer"));
	}

	/** A hash of the shard a key lives in, by the documented key layout. */
	private String shardHash(CounterKey key, String name) {
		int shard = DeltaStore.shardOf(key, this.store.shards());
		return this.prefix + ":{" + this.prefix + ":" + shard + "}:" + name;
	}


	@Test
	void aShardOwnedByAnotherDatabaseIsRefusedAtStartAndNeverClaimed() {
		RedisDeltaStore mine = (RedisDeltaStore) this.store;
		mine.ownedBy(() -> "database-a");
		mine.claimOwnership();
		mine.add(java.util.Map.of(VIEWS, 2L));
		RedisDeltaStore theirs = new RedisDeltaStore(redis, this.prefix, 4, Clock.systemUTC());
		theirs.ownedBy(() -> "database-b");
		int shard = DeltaStore.shardOf(VIEWS, 4);

		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(theirs::claimOwnership)
			.withMessageContaining("buffered-counter.redis.key-prefix '" + this.prefix + "'")
			.withMessageContaining("database-a");
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> theirs.claim(shard, 100, java.time.Duration.ofMinutes(1)))
			.withMessageContaining("database-a");
		assertThat(mine.claim(shard, 100, java.time.Duration.ofMinutes(1))).get()
			.satisfies((batch) -> assertThat(batch.deltas()).containsExactly(java.util.Map.entry(VIEWS, 2L)));
	}

}
