package io.github.bufferedcounter.actuate;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.it.CounterTestApplication;
import io.github.bufferedcounter.it.Tag;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exposed with {@code include=*} and nothing else configured, the endpoint shows the buffer but
 * takes no action: flushing, pausing and deleting dead letters need
 * {@code management.endpoint.counters.access=unrestricted}.
 */
@SpringBootTest(classes = CounterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=*", "buffered-counter.store=memory",
				"buffered-counter.flush.interval=1h", "spring.jpa.hibernate.ddl-auto=create" })
class CountersEndpointDefaultAccessTest {

	@LocalServerPort
	int port;

	@Autowired
	BufferedCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	RestTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestDatabases.h2().url());
	}

	@BeforeEach
	void setUp() {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void theEndpointReadsButTakesNoActionUnlessAccessIsUnrestricted() {
		this.jdbc.update("insert into tag (name, uses) values ('access', 0)");
		this.counters.increment(Tag.class, "access", "uses", 4);

		this.client.get().uri("/actuator/counters").exchange().expectStatus().isOk();
		this.client.post()
			.uri("/actuator/counters")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"action\":\"flush\"}")
			.exchange()
			.expectStatus()
			.is4xxClientError();
		this.client.delete().uri("/actuator/counters/dead-letters").exchange().expectStatus().is4xxClientError();

		assertThat(this.counters.pending(Tag.class, "access", "uses")).isEqualTo(4);
		assertThat(this.jdbc.queryForObject("select uses from tag where name = 'access'", Long.class)).isZero();
	}

}
