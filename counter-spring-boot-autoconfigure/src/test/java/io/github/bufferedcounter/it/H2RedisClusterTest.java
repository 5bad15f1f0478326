package io.github.bufferedcounter.it;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared semantics against a Redis Cluster of three masters, through Lettuce's cluster
 * client, with the default 16 shards; plus checks that the shards really spread over the masters.
 */
class H2RedisClusterTest extends AbstractRedisBufferedCountersTest {

	@Autowired
	RedisConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2().registerDataSource(registry);
		redisCluster(registry, "cluster");
	}

	@Test
	void storeWritesEachShardWithItsOwnCallThroughTheClusterClient() {
		assertThat(this.connectionFactory).isInstanceOfSatisfying(LettuceConnectionFactory.class,
				(lettuce) -> assertThat(lettuce.isClusterAware()).isTrue());
		assertThat(this.store).isInstanceOf(RedisDeltaStore.class);
		assertThat(ReflectionTestUtils.getField(this.store, "singleNode")).isEqualTo(false);
		assertThat(this.store.shards()).isEqualTo(16);
	}

	@Test
	void defaultKeyPrefixSpreadsTheDefaultShardsOverAllThreeMasters() {
		try (RedisClusterConnection cluster = this.connectionFactory.getClusterConnection()) {
			assertThat(masters(cluster)).hasSize(3);

			Map<Integer, RedisClusterNode> owners = shardOwners(cluster, "buffered-counter", 16);

			assertThat(owners.values().stream().map(RedisClusterNode::asString).distinct()).hasSize(3);
		}
	}

	@Test
	void eachMasterHoldsThePendingHashesOfItsShards() {
		Map<Integer, Long> postOfShard = new HashMap<>();
		for (int i = 0; i < 2_000 && postOfShard.size() < this.store.shards(); i++) {
			long id = createPost();
			postOfShard.putIfAbsent(DeltaStore.shardOf(new CounterKey("Post", "viewCount", Long.toString(id)),
					this.store.shards()), id);
		}
		assertThat(postOfShard).hasSize(this.store.shards());
		postOfShard.forEach((shard, id) -> this.counters.increment(Post.class, id, "viewCount", shard + 1));

		try (RedisClusterConnection cluster = this.connectionFactory.getClusterConnection()) {
			Map<Integer, RedisClusterNode> owners = shardOwners(cluster, this.keyPrefix, this.store.shards());
			Set<String> everywhere = new HashSet<>();
			for (RedisClusterNode master : masters(cluster)) {
				Set<String> expected = owners.entrySet().stream()
					.filter((owner) -> owner.getValue().asString().equals(master.asString()))
					.map((owner) -> pendingHash(owner.getKey()))
					.collect(Collectors.toSet());
				byte[] pattern = (this.keyPrefix + ":*:pending").getBytes(StandardCharsets.UTF_8);
				Set<String> held = cluster.keys(master, pattern)
					.stream()
					.map((key) -> new String(key, StandardCharsets.UTF_8))
					.collect(Collectors.toSet());
				assertThat(held).as("pending hashes on %s", master.asString()).isEqualTo(expected);
				everywhere.addAll(held);
			}
			assertThat(everywhere).hasSize(this.store.shards());
			// 16 random hash tags on one master would be a 1 in 14 million chance; all three is likely, not certain
			assertThat(owners.values().stream().map(RedisClusterNode::asString).distinct())
				.hasSizeGreaterThanOrEqualTo(2);
		}
		assertThat(this.store.pendingKeyCount()).isEqualTo(this.store.shards());

		assertThat(this.counters.flush().rows()).isEqualTo(this.store.shards());

		postOfShard.forEach((shard, id) -> assertThat(views(id)).isEqualTo(shard + 1));
		assertThat(this.store.pendingKeyCount()).isZero();
	}

	private static List<RedisClusterNode> masters(RedisClusterConnection cluster) {
		return StreamSupport.stream(cluster.clusterGetNodes().spliterator(), false)
			.filter(RedisClusterNode::isMaster)
			.toList();
	}

	/** Asks the cluster which master serves the hash tag {@code {prefix:shard}} of each shard. */
	private static Map<Integer, RedisClusterNode> shardOwners(RedisClusterConnection cluster, String prefix,
			int shards) {
		Map<Integer, RedisClusterNode> owners = new TreeMap<>();
		for (int shard = 0; shard < shards; shard++) {
			byte[] hashTag = ("{" + prefix + ":" + shard + "}").getBytes(StandardCharsets.UTF_8);
			owners.put(shard, cluster.clusterGetNodeForSlot(cluster.clusterGetSlotForKey(hashTag)));
		}
		return owners;
	}

}
