package io.github.bufferedcounter.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.TestRedisCluster;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The store contract against a Redis Cluster of three masters, through Lettuce's cluster client,
 * plus the operator calls with shards on every master.
 */
class RedisClusterDeltaStoreTest extends AbstractDeltaStoreContractTest {

	private static final int SHARDS = 16;

	/** Shared by the cluster contract tests of this JVM; Lettuce closes it at exit. */
	private static final LettuceConnectionFactory connectionFactory = connect();

	private static final StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);

	private String prefix;

	private static LettuceConnectionFactory connect() {
		return Loopback.connectionFactory(new RedisClusterConfiguration(TestRedisCluster.nodes()));
	}

	@Override
	DeltaStore createStore() {
		this.prefix = "contract-" + UUID.randomUUID();
		return new RedisDeltaStore(redis, this.prefix, SHARDS, Clock.systemUTC(), false);
	}

	/** One key per shard, so that every shard, on whichever master, holds something. */
	private static Map<CounterKey, Long> onePerShard() {
		Map<CounterKey, Long> keys = new HashMap<>();
		for (int id = 1; keys.size() < SHARDS; id++) {
			CounterKey key = new CounterKey("Post", "views", Integer.toString(id));
			int shard = DeltaStore.shardOf(key, SHARDS);
			if (keys.keySet().stream().noneMatch((other) -> DeltaStore.shardOf(other, SHARDS) == shard)) {
				keys.put(key, (long) id);
			}
		}
		return keys;
	}

	@Test
	void everyKeyOfAShardIsInTheSlotOfItsHashTag() {
		Map<CounterKey, Long> deltas = onePerShard();
		this.store.add(deltas);
		List<CounterKey> keys = List.copyOf(deltas.keySet());
		CounterKey parked = keys.get(0);
		this.store.acknowledge(claimOne(parked), List.of(new RejectedDelta(parked, deltas.get(parked), "refused")), 1);
		claimOne(keys.get(1)); // left in flight

		try (RedisClusterConnection cluster = connectionFactory.getClusterConnection()) {
			Set<String> stored = new HashSet<>();
			for (RedisClusterNode master : cluster.clusterGetNodes()) {
				if (master.isMaster()) {
					cluster.keys(master, (this.prefix + ":*").getBytes(StandardCharsets.UTF_8))
						.forEach((key) -> stored.add(new String(key, StandardCharsets.UTF_8)));
				}
			}
			Pattern layout = Pattern
				.compile(Pattern.quote(this.prefix) + ":(\\{" + Pattern.quote(this.prefix) + ":\\d+\\}):([a-z-]+?)(-[0-9a-f-]{36})?");
			Set<String> kinds = new HashSet<>();
			assertThat(stored).allSatisfy((key) -> {
				Matcher matcher = layout.matcher(key);
				assertThat(matcher.matches()).as(key).isTrue();
				assertThat(slot(cluster, key)).as(key).isEqualTo(slot(cluster, matcher.group(1)));
				kinds.add(matcher.group(2));
			});
			assertThat(kinds).containsExactlyInAnyOrder("pending", "since", "writer", "leases", "batches", "attempts",
					"claims", "claimed-at", "dead", "dead-errors");
		}
	}

	@Test
	void addRefusedOnOneShardAfterAnotherTookItsPartIsNotARefusalOfTheWhole() {
		List<CounterKey> keys = List.copyOf(onePerShard().keySet());
		CounterKey full = keys.get(0);
		CounterKey other = keys.get(1);
		this.store.add(Map.of(full, Long.MAX_VALUE));

		assertThatIllegalStateException().isThrownBy(() -> this.store.add(Map.of(full, 1L, other, 5L)))
			.withMessageContaining("Redis took only part of deltas")
			.isNotInstanceOf(RefusedDeltasException.class);
		assertThat(this.store.pending(other).buffered()).isEqualTo(5);
		assertThat(this.store.pending(full).buffered()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void writingSeveralShardsInOneCallIsRefusedByTheCluster() {
		// what singleNode = false avoids: the cluster refuses a script whose keys span slots
		RedisDeltaStore singleNode = new RedisDeltaStore(redis, this.prefix, SHARDS, Clock.systemUTC(), true);

		assertThatIllegalStateException().isThrownBy(() -> singleNode.add(onePerShard()))
			.withMessageContaining("CROSSSLOT");
		assertThat(this.store.pendingKeyCount()).isZero();
	}

	@Test
	void operatorCallsCoverTheShardsOnEveryMaster() {
		Map<CounterKey, Long> deltas = onePerShard();
		this.store.add(deltas);

		assertThat(this.store.pendingKeyCount()).isEqualTo(SHARDS);
		assertThat(this.store.oldestPending()).isPresent();
		List<PendingDelta> listed = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			PendingPage page = this.store.scanPending("Post", cursor, 3);
			assertThat(page.deltas()).hasSizeLessThanOrEqualTo(3);
			listed.addAll(page.deltas());
			cursor = page.nextCursor();
		}
		while (cursor != null && ++pages < 100);
		assertThat(listed).extracting(PendingDelta::key).containsExactlyInAnyOrderElementsOf(deltas.keySet());

		for (CounterKey key : deltas.keySet()) {
			ClaimedBatch batch = claimOne(key);
			assertThat(batch.deltas()).containsExactly(Map.entry(key, deltas.get(key)));
			this.store.acknowledge(batch, List.of(), 3);
		}
		assertThat(this.store.pendingKeyCount()).isZero();
		assertThat(this.store.oldestPending()).isEmpty();
	}

	@Test
	void deadLettersOnEveryMasterAreListedRetriedAndDiscarded() {
		Map<CounterKey, Long> deltas = onePerShard();
		this.store.add(deltas);
		for (CounterKey key : deltas.keySet()) {
			ClaimedBatch batch = claimOne(key);
			this.store.acknowledge(batch, List.of(new RejectedDelta(key, deltas.get(key), "refused")), 1);
		}

		assertThat(this.store.deadLetterCount()).isEqualTo(SHARDS);
		assertThat(this.store.deadLetters(100)).extracting(DeadLetter::key)
			.containsExactlyInAnyOrderElementsOf(deltas.keySet().stream().map(CounterKey::encode).toList());

		assertThat(this.store.retryDeadLetters(null)).isEqualTo(SHARDS);
		assertThat(this.store.deadLetterCount()).isZero();
		assertThat(this.store.pendingKeyCount()).isEqualTo(SHARDS);
		deltas.forEach((key, delta) -> assertThat(this.store.pending(key).buffered()).isEqualTo(delta));

		for (CounterKey key : deltas.keySet()) {
			ClaimedBatch batch = claimOne(key);
			this.store.acknowledge(batch, List.of(new RejectedDelta(key, deltas.get(key), "refused")), 1);
		}
		assertThat(this.store.discardDeadLetters(null)).isEqualTo(SHARDS);
		assertThat(this.store.deadLetterCount()).isZero();
		assertThat(this.store.pendingKeyCount()).isZero();
	}

	private static int slot(RedisClusterConnection cluster, String key) {
		return cluster.clusterGetSlotForKey(key.getBytes(StandardCharsets.UTF_8));
	}


	@Test
	void aShardOwnedByAnotherDatabaseIsRefusedAtStartAndNeverClaimed() {
		RedisDeltaStore mine = (RedisDeltaStore) this.store;
		mine.ownedBy(() -> "database-a");
		mine.claimOwnership();
		mine.add(java.util.Map.of(VIEWS, 2L));
		RedisDeltaStore theirs = new RedisDeltaStore(redis, this.prefix, SHARDS, Clock.systemUTC());
		theirs.ownedBy(() -> "database-b");
		int shard = DeltaStore.shardOf(VIEWS, SHARDS);

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
