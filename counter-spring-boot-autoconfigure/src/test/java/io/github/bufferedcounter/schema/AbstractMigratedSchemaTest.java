package io.github.bufferedcounter.schema;

import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.actuate.health.BufferedCountersHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose migration tool creates every table, the starter's included: the starter
 * creates nothing and Hibernate only validates. Subclasses pick the tool and the database.
 */
@SpringBootTest(classes = PagesApplication.class,
		properties = { "buffered-counter.jdbc.initialize-schema=never", "spring.jpa.hibernate.ddl-auto=validate",
				"buffered-counter.store=memory", "buffered-counter.flush.interval=1h",
				"spring.datasource.hikari.connection-timeout=2000" })
abstract class AbstractMigratedSchemaTest {

	@Autowired
	BufferedCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	BufferedCountersHealthIndicator health;

	@Test
	void incrementsAreFlushedIntoTheCounterColumnAndTheRollupTable() {
		long id = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		this.jdbc.update("insert into page (id, title, views) values (?, ?, 0)", id, "home");

		this.counters.increment(Page.class, id, "views", 3);
		this.counters.increment(Page.class, id, "views", 4);
		this.counters.flush();

		assertThat(this.jdbc.queryForObject("select views from page where id = ?", Long.class, id)).isEqualTo(7);
		assertThat(this.jdbc.queryForObject("select sum(bucket_count) from buffered_counter_rollup where holder_id = ?",
				Long.class, Long.toString(id)))
			.isEqualTo(7);
		assertThat(this.jdbc.queryForObject("select count(*) from buffered_counter_batch", Long.class)).isPositive();
	}

	@Test
	void healthIsUpWithoutASchemaDetail() {
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.health.health().getDetails()).doesNotContainKey("schema");
	}

}
