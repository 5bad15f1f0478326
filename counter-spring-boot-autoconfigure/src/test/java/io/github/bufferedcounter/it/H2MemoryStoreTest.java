package io.github.bufferedcounter.it;

import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.testsupport.TestDatabase;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class H2MemoryStoreTest extends AbstractBufferedCountersTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabases.h2();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("buffered-counter.store", () -> "memory");
	}

	@Test
	void memoryStoreIsUsed() {
		assertThat(this.store).isInstanceOf(MemoryDeltaStore.class);
	}

}
