package io.github.bufferedcounter.store;

/**
 * The Redis contract again, on a single node, with two combined writes in flight at once, each
 * on a lane of its own.
 */
class RedisTwoWritesInFlightDeltaStoreTest extends RedisDeltaStoreTest {

	@Override
	boolean singleNode() {
		return true;
	}

	@Override
	int writesInFlight() {
		return 2;
	}

}
