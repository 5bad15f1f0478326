package io.github.bufferedcounter.sample;

import java.util.Map;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample on a random port, with its H2 database and its own embedded Redis, and
 * drives it over HTTP. The scheduled flush is pushed an hour away so that the test decides
 * when counters reach the database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "buffered-counter.flush.interval=1h")
class SampleApplicationTest {

	@LocalServerPort
	private int port;

	@Autowired
	private DeltaStore deltaStore;

	@Autowired
	private EmbeddedRedis embeddedRedis;

	private RestTestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void countersAreBufferedInTheEmbeddedRedisUntilFlushed() {
		assertThat(this.embeddedRedis.isRunning()).isTrue();
		assertThat(this.deltaStore).isInstanceOf(RedisDeltaStore.class);

		PostView created = this.client.post()
			.uri("/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", "Hello, counters"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(PostView.class)
			.returnResult()
			.getResponseBody();
		assertThat(created).isNotNull();
		long id = created.id();
		assertThat(created.title()).isEqualTo("Hello, counters");
		assertThat(created.current()).isEqualTo(new PostView.Counts(0, 0));

		for (int i = 0; i < 25; i++) {
			this.client.post().uri("/posts/{id}/views", id).exchange().expectStatus().isAccepted();
		}
		this.client.post().uri("/posts/{id}/likes?by=3", id).exchange().expectStatus().isAccepted();

		PostView buffered = get(id);
		assertThat(buffered.current()).isEqualTo(new PostView.Counts(25, 3));
		assertThat(buffered.views()).isZero();
		assertThat(buffered.likes()).isZero();

		FlushResult flushed = this.client.post()
			.uri("/flush")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(FlushResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(flushed).isNotNull();
		assertThat(flushed.keys()).isEqualTo(2);
		assertThat(flushed.rows()).isEqualTo(1);

		PostView stored = get(id);
		assertThat(stored.views()).isEqualTo(25);
		assertThat(stored.likes()).isEqualTo(3);
		assertThat(stored.current()).isEqualTo(new PostView.Counts(25, 3));
	}

	@Test
	void unknownPostIsNotFound() {
		this.client.get().uri("/posts/{id}", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
		this.client.post().uri("/posts/{id}/views", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
		this.client.post().uri("/posts/{id}/likes", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
	}

	private PostView get(long id) {
		PostView post = this.client.get()
			.uri("/posts/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PostView.class)
			.returnResult()
			.getResponseBody();
		assertThat(post).isNotNull();
		return post;
	}

}
