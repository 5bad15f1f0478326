package com.example.consumer.post;

import java.util.List;
import java.util.Map;

import com.example.consumer.EmbeddedRedisConfiguration;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path as a user's application runs it: HTTP requests increment through the starter,
 * the deltas wait in a real Redis ({@code /actuator/counters} shows them), and a flush writes them
 * to the {@code views} column in H2.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,counters",
				// the endpoint is read-only unless the operator allows its actions
				"management.endpoint.counters.access=unrestricted",
				// no scheduled flush during the test: the test flushes itself
				"buffered-counter.flush.interval=1h" })
@Import(EmbeddedRedisConfiguration.class)
// Closes the context at the end of this class, before the JVM's shutdown hooks run: the starter's
// last flush still finds Redis, which the context stops after it.
@DirtiesContext
class PostViewsTest {

	@LocalServerPort
	private int port;

	@Autowired
	private PostRepository posts;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void viewsWaitInRedisUntilTheFlushWritesThemToTheColumn() {
		long id = this.posts.save(new Post("Hello")).getId();
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);

		for (int i = 0; i < 3; i++) {
			http.post().uri("/posts/{id}/views", id).retrieve().toBodilessEntity();
		}

		String before = http.get().uri("/actuator/counters").retrieve().body(String.class);
		assertThat(JsonPath.<String>read(before, "$.store")).isEqualTo("redis");
		List<Map<String, Object>> pending = JsonPath.read(before, "$.pending");
		assertThat(pending).containsExactly(
				Map.of("entity", "Post", "id", String.valueOf(id), "field", "views", "delta", 3));
		assertThat(column(id)).isZero();
		assertThat(http.get().uri("/posts/{id}/views", id).retrieve().body(Long.class)).isEqualTo(3);

		String flush = http.post()
			.uri("/actuator/counters")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"action\":\"flush\"}")
			.retrieve()
			.body(String.class);
		assertThat(JsonPath.<Integer>read(flush, "$.rows")).isEqualTo(1);

		assertThat(column(id)).isEqualTo(3);
		String after = http.get().uri("/actuator/counters").retrieve().body(String.class);
		assertThat(JsonPath.<List<?>>read(after, "$.pending")).isEmpty();
		assertThat(http.get().uri("/posts/{id}/views", id).retrieve().body(Long.class)).isEqualTo(3);
	}

	private long column(long id) {
		return this.jdbc.queryForObject("select views from post where id = ?", Long.class, id);
	}

}
