package io.github.bufferedcounter.sample;

import java.util.Map;

import io.github.bufferedcounter.BufferedCounters;
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
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample on a random port, with its H2 database and its own embedded Redis, and
 * drives it over HTTP. The scheduled flush is pushed an hour away so that the test decides
 * when counters reach the database. Every test leaves nothing pending.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "buffered-counter.flush.interval=1h")
class SampleApplicationTest {

	@LocalServerPort
	private int port;

	@Autowired
	private DeltaStore deltaStore;

	@Autowired
	private EmbeddedRedis embeddedRedis;

	@Autowired
	private BufferedCounters counters;

	@Autowired
	private CommentService commentService;

	@Autowired
	private TransactionTemplate transactions;

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
		assertThat(created.current()).isEqualTo(new PostView.Counts(0, 0, 0));

		for (int i = 0; i < 25; i++) {
			this.client.post().uri("/posts/{id}/views", id).exchange().expectStatus().isAccepted();
		}
		this.client.post().uri("/posts/{id}/likes?by=3", id).exchange().expectStatus().isAccepted();

		PostView buffered = get(id);
		assertThat(buffered.current()).isEqualTo(new PostView.Counts(25, 3, 0));
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
		assertThat(stored.current()).isEqualTo(new PostView.Counts(25, 3, 0));
	}

	@Test
	void commentsChangeTheCommentCountInTheirTransaction() {
		long id = createPost("Comments").id();
		long first = comment(id, "First");
		comment(id, "Second");
		comment(id, "Third");
		assertThat(this.client.get()
			.uri("/posts/{id}/comments", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(CommentView[].class)
			.returnResult()
			.getResponseBody()).extracting(CommentView::body).containsExactly("First", "Second", "Third");
		assertThat(get(id).current().comments()).isEqualTo(3);
		assertThat(get(id).comments()).isZero();

		this.client.delete().uri("/posts/{id}/comments/{comment}", id, first).exchange().expectStatus().isNoContent();
		// a second delete of the same comment finds no row and changes no count
		this.client.delete().uri("/posts/{id}/comments/{comment}", id, first).exchange().expectStatus().isNotFound();
		assertThat(get(id).current().comments()).isEqualTo(2);

		this.counters.flush();
		assertThat(get(id).comments()).isEqualTo(2);
		assertThat(get(id).current()).isEqualTo(new PostView.Counts(0, 0, 2));
	}

	@Test
	void rolledBackCommentIsNeitherStoredNorCounted() {
		long id = createPost("Rolled back").id();
		this.transactions.executeWithoutResult((status) -> {
			assertThat(this.commentService.create(id, "Never committed")).isPresent();
			assertThat(this.counters.pending(Post.class, id, Post.COMMENTS)).isEqualTo(1);
			status.setRollbackOnly();
		});
		assertThat(this.counters.pending(Post.class, id, Post.COMMENTS)).isZero();
		assertThat(get(id).current().comments()).isZero();
		this.client.get()
			.uri("/posts/{id}/comments", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(CommentView[].class)
			.isEqualTo(new CommentView[0]);
	}

	@Test
	void commentOnUnknownPostIsNotFound() {
		this.client.post()
			.uri("/posts/{id}/comments", Long.MAX_VALUE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("body", "Hello"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void loadDemoChecksThatTheDatabaseHoldsWhatWasSent() throws Exception {
		this.client.post().uri("/demo/load?increments=3000&threads=4&posts=3").exchange().expectStatus().isAccepted();
		this.client.post().uri("/demo/load?increments=10").exchange().expectStatus().isEqualTo(409);
		LoadStatus status = null;
		for (int i = 0; i < 600 && (status == null || status.summary() == null); i++) {
			Thread.sleep(100);
			status = this.client.get().uri("/demo/load").exchange().expectBody(LoadStatus.class).returnResult()
				.getResponseBody();
			assertThat(status.phase()).isIn("running", "draining", "done");
		}
		assertThat(status.phase()).isEqualTo("done");
		LoadSummary summary = status.summary();
		assertThat(summary.increments()).isEqualTo(3000);
		assertThat(summary.views() + summary.likes() + summary.comments()).isEqualTo(3000);
		assertThat(summary.posts()).isEqualTo(3);
		assertThat(summary.distinctKeys()).isBetween(1, 9);
		// the scheduled flush is an hour away: one explicit flush wrote at most one row per post
		assertThat(summary.flushes()).isEqualTo(1);
		assertThat(summary.rowUpdates()).isBetween(1L, 3L);
		assertThat(summary.totalsMatch()).isTrue();
		assertThat(summary.commentCountsMatch()).isTrue();
		assertThat(summary.checks()).extracting(LoadSummary.Check::expected)
			.isEqualTo(summary.checks().stream().map(LoadSummary.Check::stored).toList());
		this.client.post().uri("/demo/load?increments=0").exchange().expectStatus().isBadRequest();
	}

	@Test
	void dashboardPageAndItsData() {
		this.client.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class).value((html) -> {
			assertThat(html).contains("<canvas id=\"chart\"").contains("dashboard.js");
			assertThat(html).doesNotContain("http://").doesNotContain("https://");
		});
		this.client.get().uri("/dashboard.js").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/dashboard/data")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.flushInterval").isEqualTo("3600s")
			.jsonPath("$.posts[0].current.views").isNumber()
			.jsonPath("$.written.views").isNumber()
			.jsonPath("$.flushTotals.rows").isNumber()
			.jsonPath("$.increments").isNumber();
		this.client.get().uri("/actuator/counters").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.store").isEqualTo("redis");
	}

	@Test
	void unknownPostIsNotFound() {
		this.client.get().uri("/posts/{id}", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
		this.client.post().uri("/posts/{id}/views", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
		this.client.post().uri("/posts/{id}/likes", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
	}

	private PostView createPost(String title) {
		return this.client.post()
			.uri("/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", title))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(PostView.class)
			.returnResult()
			.getResponseBody();
	}

	private long comment(long postId, String body) {
		CommentView comment = this.client.post()
			.uri("/posts/{id}/comments", postId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("body", body))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(CommentView.class)
			.returnResult()
			.getResponseBody();
		assertThat(comment).isNotNull();
		assertThat(comment.postId()).isEqualTo(postId);
		return comment.id();
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
