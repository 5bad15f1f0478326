package io.github.bufferedcounter.store;

/**
 * The Redis contract on Jedis with one write per shard, as on a cluster.
 */
class JedisPerShardDeltaStoreTest extends JedisDeltaStoreTest {

	@Override
	boolean singleNode() {
		return false;
	}

}
