package io.github.bufferedcounter.store;

/**
 * The Redis contract again, with adds that write several shards in one call.
 */
class RedisSingleNodeDeltaStoreTest extends RedisDeltaStoreTest {

	@Override
	boolean singleNode() {
		return true;
	}

}
