package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three masters, each with one replica, of one test class's own: six real
 * {@code redis-server} processes formed as {@link TestRedisCluster} forms its masters, each
 * replica then following its master with {@code CLUSTER REPLICATE}. A replica can be frozen
 * ({@code SIGSTOP}): its master still counts it as connected, but it acknowledges nothing.
 */
public final class RedisClusterWithReplicas implements AutoCloseable {

	private final List<TestRedisCluster.Node> nodes;

	private final Path dir;

	private final RedisClient client = RedisClient.create();

	private final List<RedisCommands<String, String>> commands = new ArrayList<>();

	private final FrozenRedis frozen = new FrozenRedis();

	private RedisClusterWithReplicas(List<TestRedisCluster.Node> nodes, Path dir) {
		this.nodes = nodes;
		this.dir = dir;
		for (TestRedisCluster.Node node : nodes) {
			this.commands.add(this.client.connect(RedisURI.create(Loopback.ADDRESS, node.port())).sync());
		}
	}

	/**
	 * Starts the cluster and waits until every replica is in sync with its master.
	 * @return the running cluster
	 */
	public static RedisClusterWithReplicas start() {
		Path dir;
		try {
			dir = Files.createTempDirectory("redis-cluster-with-replicas");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<TestRedisCluster.Node> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				nodes.add(TestRedisCluster.startNode(dir));
			}
			TestRedisCluster.form(nodes.subList(0, 3));
			RedisClusterWithReplicas cluster = new RedisClusterWithReplicas(nodes, dir);
			cluster.attachReplicas();
			return cluster;
		}
		catch (RuntimeException ex) {
			TestRedisCluster.stop(nodes, dir);
			throw ex;
		}
	}

	private void attachReplicas() {
		for (int i = 3; i < 6; i++) {
			TestRedisCluster.meet(this.commands.get(0), this.nodes.get(i));
		}
		for (int i = 3; i < 6; i++) {
			String masterId = this.commands.get(i - 3).clusterMyId();
			RedisCommands<String, String> replica = this.commands.get(i);
			await().atMost(Duration.ofSeconds(20)).until(() -> replica.clusterNodes().contains(masterId));
			replica.clusterReplicate(masterId);
		}
		TestRedisCluster.awaitOk(this.nodes, this.commands, 6);
		for (int i = 3; i < 6; i++) {
			RedisCommands<String, String> replica = this.commands.get(i);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> replica.info("replication").contains("master_link_status:up"));
		}
	}

	/** Returns {@code host:port} of every node, as {@code spring.data.redis.cluster.nodes} takes them. */
	public List<String> nodes() {
		return this.nodes.stream().map((node) -> Loopback.ADDRESS + ":" + node.port()).toList();
	}

	/**
	 * Returns the commands of the replica of the master that serves a key.
	 * @param key the key
	 * @return the replica's commands, which may read (after {@code READONLY})
	 */
	public RedisCommands<String, String> replicaOf(String key) {
		int master = masterIndexOf(key);
		RedisCommands<String, String> replica = this.commands.get(master + 3);
		replica.readOnly();
		return replica;
	}

	/** Freezes the replica of the master that serves a key (SIGSTOP), until {@link #thawReplicas()}. */
	public void freezeReplicaOf(String key) {
		this.frozen.freeze(replicaOf(key));
	}

	/** Lets every frozen replica run again (SIGCONT). */
	public void thawReplicas() {
		this.frozen.thawAll();
	}

	private int masterIndexOf(String key) {
		int slot = SlotHash.getSlot(key);
		for (int i = 0; i < TestRedisCluster.SLOT_RANGES.length; i++) {
			if (slot <= TestRedisCluster.SLOT_RANGES[i][1]) {
				return i;
			}
		}
		throw new IllegalArgumentException("No slot " + slot);
	}

	@Override
	public void close() {
		thawReplicas();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		TestRedisCluster.stop(this.nodes, this.dir);
	}

}
