package io.github.bufferedcounter.slice;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.flush.FlushScheduler;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import io.github.bufferedcounter.test.AutoConfigureBufferedCounters;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full context in a CI without Redis: Spring Data Redis is on the classpath and no server
 * answers (port 1), yet the annotation puts the counters on the memory store, so nothing waits
 * for Redis or fails reading it.
 */
@SpringBootTest(properties = { "spring.data.redis.port=1", "spring.data.redis.repositories.enabled=false" })
@AutoConfigureBufferedCounters
class SpringBootTestWithoutRedisTest {

	@Autowired
	private BufferedCounters counters;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void theCountersUseTheMemoryStoreAlthoughRedisIsConfigured() {
		assertThat(this.context.getBeanNamesForType(RedisConnectionFactory.class)).isNotEmpty();
		assertThat(this.context.getBean(DeltaStore.class)).isInstanceOf(MemoryDeltaStore.class);
		assertThat(this.context.getBeanNamesForType(FlushScheduler.class)).hasSize(1);
	}

	@Test
	void aCommittedIncrementIsReadAndFlushedWithoutRedis() {
		this.transactions.executeWithoutResult((status) -> this.jdbc.update("insert into story (id, title, views, remark_count) values (8, 'eighth', 0, 0)"));
		this.transactions.executeWithoutResult((status) -> this.counters.increment(Story.class, 8L, "views", 2));
		assertThat(this.counters.current(Story.class, 8L, "views")).isEqualTo(2);
		this.counters.flush();
		assertThat(this.jdbc.queryForObject("select views from story where id = 8", Long.class)).isEqualTo(2);
	}

}
