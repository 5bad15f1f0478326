package io.github.bufferedcounter.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.store.redis.ReplicaAcknowledgement;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.RedisClusterWithReplicas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contract on a Redis Cluster whose masters each have a replica, with
 * {@code replicas = 1}: every script runs, and {@code WAIT}s, on the master that serves its
 * shard's slot. An add to a shard whose replica is frozen is held until the replica confirms
 * it, while adds to other shards are stored; a {@code WAIT} on any other node would confirm it
 * at once.
 */
class RedisClusterWithReplicasDeltaStoreTest extends AbstractDeltaStoreContractTest {

	private static final int SHARDS = 16;

	private static final RedisClusterWithReplicas cluster = RedisClusterWithReplicas.start();

	private static final LettuceConnectionFactory connectionFactory = Loopback
		.connectionFactory(new RedisClusterConfiguration(cluster.nodes()));

	private String prefix;

	@Override
	DeltaStore createStore() {
		this.prefix = "replicated-" + UUID.randomUUID();
		return new RedisDeltaStore(new StringRedisTemplate(connectionFactory), this.prefix, SHARDS, Clock.systemUTC(),
				false, RedisDeltaStore.DEFAULT_SPILL_LIMIT, RedisDeltaStore.DEFAULT_WRITER_MARK_TTL, 1,
				new ReplicaAcknowledgement(1, Duration.ofMillis(300)));
	}

	@AfterEach
	void closeStore() {
		cluster.thawReplicas();
		((RedisDeltaStore) this.store).close();
	}

	@AfterAll
	static void stopCluster() {
		connectionFactory.destroy();
		cluster.close();
	}

	@Test
	void anAddIsHeldOnlyWhileTheReplicaOfItsShardsMasterIsFrozen() {
		CounterKey frozen = VIEWS;
		CounterKey other = keyOnAnotherMasterThan(frozen);
		this.store.add(Map.of(other, 2L));
		assertThat(this.store.spilledKeys()).as("stored on a master whose replica answers").isZero();

		cluster.freezeReplicaOf(pendingHash(frozen));
		this.store.add(Map.of(frozen, 3L));

		assertThat(this.store.spilledKeys()).as("held while the replica does not confirm it").isEqualTo(1);
		cluster.thawReplicas();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.store.sync();
			return this.store.spilledKeys() == 0;
		});
		assertThat(cluster.replicaOf(pendingHash(frozen)).hget(pendingHash(frozen), frozen.encode())).isEqualTo("3");
		assertThat(this.store.pending(frozen).buffered()).isEqualTo(3);
		assertThat(this.store.pending(other).buffered()).isEqualTo(2);
	}

	private String pendingHash(CounterKey key) {
		int shard = DeltaStore.shardOf(key, SHARDS);
		return this.prefix + ":{" + this.prefix + ":" + shard + "}:pending";
	}

	private CounterKey keyOnAnotherMasterThan(CounterKey frozen) {
		String frozenReplica = cluster.replicaOf(pendingHash(frozen)).clusterMyId();
		for (int id = 2;; id++) {
			CounterKey key = new CounterKey("Post", "views", Integer.toString(id));
			if (!cluster.replicaOf(pendingHash(key)).clusterMyId().equals(frozenReplica)) {
				return key;
			}
		}
	}

}
