package io.github.bufferedcounter.sample;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark-only endpoint of the HTTP figure, with its profile: each request adds one view
 * to the stored column before it answers, with nothing buffered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "buffered-counter.flush.interval=1h")
@ActiveProfiles("http-figure")
class DirectViewEndpointTest {

	@LocalServerPort
	private int port;

	private RestTestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void aDirectViewIsStoredBeforeTheAnswerWithNothingBuffered() {
		long id = this.client.post()
			.uri("/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", "direct"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(PostView.class)
			.returnResult()
			.getResponseBody()
			.id();

		this.client.post().uri("/posts/{id}/views-direct", id).exchange().expectStatus().isAccepted();
		this.client.post().uri("/posts/{id}/views-direct", id).exchange().expectStatus().isAccepted();

		PostView post = this.client.get().uri("/posts/{id}", id).exchange().expectBody(PostView.class).returnResult()
			.getResponseBody();
		assertThat(post.views()).isEqualTo(2);
		assertThat(post.current().views()).isEqualTo(2);
	}

	@Test
	void aDirectViewOfAMissingPostIsNotFound() {
		this.client.post().uri("/posts/{id}/views-direct", 987_654_321L).exchange().expectStatus().isNotFound();
	}

}
