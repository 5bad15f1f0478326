package io.github.bufferedcounter.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.it.CounterTestApplication;
import io.github.bufferedcounter.it.Post;
import io.github.bufferedcounter.testsupport.TestDatabases;
import io.github.bufferedcounter.testsupport.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
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

@SpringBootTest(classes = CounterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=counters,health",
				"management.endpoint.counters.access=unrestricted", "management.endpoint.health.show-details=always", "buffered-counter.flush.interval=1h",
				"buffered-counter.flush.max-attempts=1", "spring.jpa.hibernate.ddl-auto=create",
				"spring.data.redis.timeout=2s", "spring.datasource.hikari.connection-timeout=2000" })
@SuppressWarnings("unchecked")
class CountersEndpointWebTest {

	@LocalServerPort
	int port;

	@Autowired
	BufferedCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	RestTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestDatabases.h2().url());
		registry.add("spring.data.redis.host", TestRedis::host);
		registry.add("spring.data.redis.port", TestRedis::port);
		registry.add("buffered-counter.redis.key-prefix", () -> "endpoint-" + UUID.randomUUID());
	}

	@BeforeEach
	void setUp() {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port + "/actuator").build();
		this.counters.flush();
		this.client.delete().uri("/counters/dead-letters").exchange().expectStatus().isOk();
		this.jdbc.update("delete from blog_posts");
		for (long id = 1; id <= 5; id++) {
			this.jdbc.update("insert into blog_posts (id, title, view_count, like_total, version) values (?, 't', 0, 0, 0)",
					id);
		}
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> get(String uri) {
		return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
			.getResponseBody();
	}

	@Test
	void listsPendingDeltasPageByPage() {
		for (long id = 1; id <= 5; id++) {
			this.counters.increment(Post.class, id, "viewCount", id);
		}

		Map<String, Object> overview = get("/counters");
		assertThat(overview).containsEntry("store", "redis").containsEntry("pendingKeys", 5).containsEntry("paused", false);
		assertThat((String) overview.get("oldestPendingAge")).startsWith("PT");

		List<Object> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = get("/counters?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			List<?> pending = (List<?>) page.get("pending");
			assertThat(pending).hasSizeLessThanOrEqualTo(2);
			seen.addAll(pending);
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null && pages < 20);
		assertThat(seen).hasSize(5)
			.contains(Map.of("entity", "Post", "id", "3", "field", "viewCount", "delta", 3));
	}

	@Test
	void filtersByEntity() {
		this.counters.increment(Post.class, 1L, "likes", 4);

		assertThat((List<Object>) get("/counters/Post").get("pending"))
			.containsExactly(Map.of("entity", "Post", "id", "1", "field", "likes", "delta", 4));
		assertThat((List<Object>) get("/counters/Tag").get("pending")).isEmpty();
	}

	@Test
	void badParametersGetBadRequestWithMessage() {
		this.client.get().uri("/counters/Nope").exchange().expectStatus().isBadRequest().expectBody(String.class)
			.value((body) -> assertThat(body).contains("'Nope' is not an entity with @BufferedCounter fields"));
		this.client.get().uri("/counters?limit=0").exchange().expectStatus().isBadRequest().expectBody(String.class)
			.value((body) -> assertThat(body).contains("limit must be between 1 and 1000"));
		this.client.get().uri("/counters?cursor=garbage").exchange().expectStatus().isBadRequest()
			.expectBody(String.class).value((body) -> assertThat(body).contains("Invalid cursor 'garbage'"));
		this.client.post().uri("/counters").contentType(MediaType.APPLICATION_JSON).body(Map.of("action", "explode"))
			.exchange().expectStatus().isBadRequest().expectBody(String.class)
			.value((body) -> assertThat(body).contains("valid actions are flush, pause and resume"));
		this.client.delete().uri("/counters/Post").exchange().expectStatus().isBadRequest();
	}

	@Test
	void flushesOnPostAndShowsLastFlush() {
		this.counters.increment(Post.class, 2L, "viewCount", 9);

		this.client.post().uri("/counters").contentType(MediaType.APPLICATION_JSON).body(Map.of()).exchange()
			.expectStatus().isOk().expectBody(Map.class)
			.value((result) -> assertThat(result).containsEntry("rows", 1).containsEntry("keys", 1));

		assertThat(this.jdbc.queryForObject("select view_count from blog_posts where id = 2", Long.class)).isEqualTo(9);
		Map<String, Object> overview = get("/counters");
		assertThat(overview).containsEntry("pendingKeys", 0);
		assertThat((Map<String, Object>) overview.get("lastFlush")).containsEntry("rows", 1)
			.containsEntry("outcome", "ok");
	}

	@Test
	void pausesAndResumesScheduledFlushes() {
		this.client.post().uri("/counters").contentType(MediaType.APPLICATION_JSON).body(Map.of("action", "pause"))
			.exchange().expectStatus().isOk();
		assertThat(get("/counters")).containsEntry("paused", true);
		this.client.post().uri("/counters").contentType(MediaType.APPLICATION_JSON).body(Map.of("action", "resume"))
			.exchange().expectStatus().isOk();
		assertThat(get("/counters")).containsEntry("paused", false);
	}

	@Test
	void listsRetriesAndDiscardsDeadLetters() {
		this.counters.increment(Post.class, 3L, "likes", 3_000_000_000L);
		this.counters.flush();

		List<?> letters = (List<?>) get("/counters/dead-letters").get("deadLetters");
		assertThat(letters).hasSize(1);
		Map<?, ?> letter = (Map<?, ?>) letters.get(0);
		assertThat(letter.get("key")).isEqualTo("Post:likes:3");
		assertThat(letter.get("delta")).isEqualTo("3000000000");
		assertThat(letter.get("attempts")).isEqualTo(1);
		assertThat((String) letter.get("error")).contains("22003");
		assertThat(get("/counters")).containsEntry("deadLetters", 1);

		this.client.post().uri("/counters/dead-letters").contentType(MediaType.APPLICATION_JSON).body(Map.of())
			.exchange().expectStatus().isOk().expectBody(Map.class)
			.value((result) -> assertThat(result).containsEntry("retried", 1));
		assertThat(this.counters.pending(Post.class, 3L, "likes")).isEqualTo(3_000_000_000L);
		this.counters.flush();
		assertThat(get("/counters")).containsEntry("deadLetters", 1);

		this.client.delete().uri("/counters/dead-letters?key=Post:likes:3").exchange().expectStatus().isOk()
			.expectBody(Map.class).value((result) -> assertThat(result).containsEntry("discarded", 1));
		assertThat(get("/counters")).containsEntry("deadLetters", 0);
	}

	@Test
	void healthShowsBufferDetails() {
		this.counters.increment(Post.class, 1L, "viewCount", 1);

		Map<String, Object> health = get("/health/bufferedCounters");

		assertThat(health).containsEntry("status", "UP");
		assertThat((Map<String, Object>) health.get("details")).containsEntry("pendingKeys", 1)
			.containsEntry("deadLetters", 0)
			.containsKey("lag");
	}

	@Test
	void metricsCountAKnownWorkload() {
		double incrementsBefore = this.meters.get("buffered.counter.increments").functionCounter().count();
		double rowsBefore = this.meters.get("buffered.counter.rows.written").counter().count();
		for (int i = 0; i < 30; i++) {
			this.counters.increment(Post.class, 1L + (i % 3), "viewCount", 1);
		}

		assertThat(this.meters.get("buffered.counter.pending.keys").gauge().value()).isEqualTo(3);
		this.counters.flush();

		assertThat(this.meters.get("buffered.counter.increments").functionCounter().count() - incrementsBefore)
			.isEqualTo(30);
		assertThat(this.meters.get("buffered.counter.rows.written").counter().count() - rowsBefore).isEqualTo(3);
		assertThat(this.meters.get("buffered.counter.pending.keys").gauge().value()).isZero();
		assertThat(this.meters.get("buffered.counter.deferred.transactions").gauge().value()).isZero();
		assertThat(this.meters.get("buffered.counter.flush").tag("outcome", "success").timer().count()).isPositive();
	}

	@Test
	void theEndpointAndAGaugeCountTheUniqueRowsWhoseEstimateWaits() {
		this.counters.countUnique(Post.class, 1L, "uniqueViewers", List.of("alice", "bob"));
		this.counters.countUnique(Post.class, 2L, "uniqueViewers", "alice");

		assertThat(get("/counters")).containsEntry("uniqueMarked", 2).containsEntry("pendingKeys", 0);
		assertThat(this.meters.get("buffered.counter.unique.marked").gauge().value()).isEqualTo(2);
		this.counters.flush();
		assertThat(get("/counters")).containsEntry("uniqueMarked", 0);
		assertThat(this.meters.get("buffered.counter.unique.marked").gauge().value()).isZero();
	}

}
