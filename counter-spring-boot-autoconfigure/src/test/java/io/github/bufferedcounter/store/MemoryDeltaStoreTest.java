package io.github.bufferedcounter.store;

import java.time.Clock;

import io.github.bufferedcounter.store.memory.MemoryDeltaStore;

class MemoryDeltaStoreTest extends AbstractDeltaStoreContractTest {

	@Override
	DeltaStore createStore() {
		return new MemoryDeltaStore(Clock.systemUTC());
	}

}
