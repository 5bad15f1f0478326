package io.github.bufferedcounter.testsupport;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import redis.embedded.RedisServer;

import static org.awaitility.Awaitility.await;

/**
 * A Redis master and its replica for failover tests: two real {@code redis-server} processes
 * (the binary shipped with {@code org.signal:embedded-redis}) on free loopback ports, without
 * persistence. The replica can be cut off from the master while it keeps its data, and
 * promoted, the old master then following it; which is the master swaps accordingly.
 */
public final class RedisPair implements AutoCloseable {

	/** A port nothing listens on: a replica of it never syncs, so it keeps its data. */
	private static final int NO_MASTER_PORT = 1;

	private final Node first;

	private final Node second;

	private Node master;

	private Node replica;

	private final FrozenRedis frozen = new FrozenRedis();

	private RedisPair(Node first, Node second) {
		this.first = first;
		this.second = second;
		this.master = first;
		this.replica = second;
	}

	/**
	 * Starts a master and a replica of it, and waits until the replica is in sync.
	 * @return the running pair
	 */
	public static RedisPair start() {
		Node master = Node.start();
		Node replica = Node.start();
		RedisPair pair = new RedisPair(master, replica);
		pair.follow(replica, master);
		return pair;
	}

	public int masterPort() {
		return this.master.port;
	}

	/** The master's commands, for a test's own reads. */
	public RedisCommands<String, String> master() {
		return this.master.commands();
	}

	/** The replica's commands, for a test's own reads. */
	public RedisCommands<String, String> replica() {
		return this.replica.commands();
	}

	/** Stops the replica from receiving the master's writes; it keeps what it has. */
	public void cutReplicaOff() {
		this.replica.commands().replicaof(Loopback.ADDRESS, NO_MASTER_PORT);
		await().atMost(Duration.ofSeconds(10)).until(() -> connectedReplicas(this.master) == 0);
	}

	/**
	 * Freezes the replica (SIGSTOP) until {@link #thawReplica()}: the master still counts it as
	 * connected, but it acknowledges nothing.
	 */
	public void freezeReplica() {
		this.frozen.freeze(this.replica.commands());
	}

	/** Lets the frozen replica run again (SIGCONT). */
	public void thawReplica() {
		this.frozen.thawAll();
	}

	/** Makes the replica follow the master again, and waits until it is in sync. */
	public void reconnectReplica() {
		follow(this.replica, this.master);
	}

	/**
	 * Promotes the replica with what it has, and makes the old master its replica, which
	 * drops what the old master had and the replica had not. Clients must move to the new
	 * master's port themselves.
	 */
	public void failOver() {
		this.replica.commands().replicaofNoOne();
		Node promoted = this.replica;
		this.replica = this.master;
		this.master = promoted;
		follow(this.replica, this.master);
	}

	private void follow(Node follower, Node leader) {
		follower.commands().replicaof(Loopback.ADDRESS, leader.port);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> follower.commands().info("replication").contains("master_link_status:up")
					&& connectedReplicas(leader) == 1);
	}

	private static int connectedReplicas(Node node) {
		String info = node.commands().info("replication");
		int start = info.indexOf("connected_slaves:") + "connected_slaves:".length();
		int end = info.indexOf('\r', start);
		return Integer.parseInt(info.substring(start, (end > 0) ? end : info.length()).trim());
	}

	@Override
	public void close() {
		thawReplica();
		this.first.close();
		this.second.close();
	}

	private static final class Node implements AutoCloseable {

		private final RedisServer server;

		private final int port;

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		private Node(RedisServer server, int port) {
			this.server = server;
			this.port = port;
			this.client = RedisClient.create(RedisURI.create(Loopback.ADDRESS, port));
			this.connection = this.client.connect();
		}

		static Node start() {
			int port = Loopback.freePort();
			RedisServer server = PrivateRedis.withoutPersistence(port)
				.setting("repl-diskless-sync yes")
				.setting("repl-diskless-sync-delay 0")
				.build();
			server.start();
			return new Node(server, port);
		}

		RedisCommands<String, String> commands() {
			return this.connection.sync();
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			try {
				this.server.stop();
			}
			catch (Exception ex) {
				// already stopped
			}
		}

	}

}
