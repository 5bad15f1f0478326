package io.github.bufferedcounter.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;

/**
 * A Lettuce connection that one caller at a time uses for a script and the {@code WAIT} after
 * it. {@code WAIT} counts the replicas that have the writes of the connection it runs on, and
 * blocks that connection meanwhile, so it cannot run on the connection the application shares.
 * On a cluster it runs on the connection to the master that serves the script's slot.
 */
final class ScriptConnection implements AutoCloseable {

	private final AbstractRedisClient client;

	private final StatefulConnection<String, String> connection;

	private ScriptConnection(AbstractRedisClient client, StatefulConnection<String, String> connection) {
		this.client = client;
		this.connection = connection;
	}

	/**
	 * Opens a connection of its own on the node, the Sentinel-managed master or the cluster the
	 * client was made for.
	 */
	static ScriptConnection open(AbstractRedisClient client) {
		if (client instanceof RedisClusterClient cluster) {
			return new ScriptConnection(client, cluster.connect(StringCodec.UTF8));
		}
		try {
			return new ScriptConnection(client, ((RedisClient) client).connect(StringCodec.UTF8));
		}
		catch (IllegalStateException ex) {
			// a static master/replica factory makes its client without a URI
			throw new IllegalStateException("buffered-counter.redis.replicas needs a connection factory for a single "
					+ "Redis node, Sentinel or a cluster, whose client can open a connection of its own; this one "
					+ "cannot (" + ex.getMessage() + "). Set buffered-counter.redis.replicas to 0", ex);
		}
	}

	/** Returns the commands of the node that serves a key: the only node outside a cluster. */
	@SuppressWarnings("unchecked")
	RedisCommands<String, String> nodeOf(String key) {
		if (this.connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			RedisClusterNode master = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
			if (master == null) {
				throw new IllegalStateException("No Redis Cluster master serves the slot of " + key);
			}
			return cluster.getConnection(master.getNodeId()).sync();
		}
		return ((io.lettuce.core.api.StatefulRedisConnection<String, String>) this.connection).sync();
	}

	/** After a failure on a cluster, reads the topology again: a failover may have moved the slot. */
	void failed() {
		if (this.client instanceof RedisClusterClient cluster) {
			try {
				cluster.refreshPartitions();
			}
			catch (RuntimeException ex) {
				// the next failure tries again
			}
		}
	}

	@Override
	public void close() {
		this.connection.closeAsync();
	}

}
