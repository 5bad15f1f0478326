package io.github.bufferedcounter.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

	@Autowired
	private EntityManager entityManager;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ViewMilestones milestones;

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
		assertThat(created.current()).isEqualTo(new PostView.Counts(0, 0, 0, 0));

		for (int i = 0; i < 25; i++) {
			this.client.post().uri("/posts/{id}/views", id).exchange().expectStatus().isAccepted();
		}
		this.client.post().uri("/posts/{id}/likes?by=3", id).exchange().expectStatus().isAccepted();

		PostView buffered = get(id);
		assertThat(buffered.current()).isEqualTo(new PostView.Counts(25, 3, 0, 0));
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
		// views, likes, and today's rollup bucket of views; one row update
		assertThat(flushed.keys()).isEqualTo(3);
		assertThat(flushed.rows()).isEqualTo(1);

		PostView stored = get(id);
		assertThat(stored.views()).isEqualTo(25);
		assertThat(stored.likes()).isEqualTo(3);
		assertThat(stored.current()).isEqualTo(new PostView.Counts(25, 3, 0, 0));
	}

	@Test
	void aVisitorCountsOnceAsAUniqueViewer() {
		long id = createPost("Unique viewers").id();
		for (String visitor : List.of("ann", "ben", "ann", "ann")) {
			this.client.post().uri("/posts/{id}/views?visitor={v}", id, visitor).exchange().expectStatus().isAccepted();
		}
		this.client.post().uri("/posts/{id}/views", id).exchange().expectStatus().isAccepted();

		PostView buffered = get(id);
		assertThat(buffered.current().views()).isEqualTo(5);
		assertThat(buffered.uniqueViewers()).isEqualTo(2);
		assertThat(buffered.uniqueViewersStored()).isZero();

		this.client.post().uri("/flush").exchange().expectStatus().isOk();
		assertThat(get(id).uniqueViewersStored()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select unique_viewers from post where id = ?", Long.class, id)).isEqualTo(2);
	}

	@Test
	void commentsAreCountedOnceTheirTransactionCommits() {
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
		assertThat(get(id).current()).isEqualTo(new PostView.Counts(0, 0, 2, 0));
	}

	@Test
	void rolledBackCommentIsNeitherStoredNorCounted() {
		long id = createPost("Rolled back").id();
		this.transactions.executeWithoutResult((status) -> {
			assertThat(this.commentService.create(id, "Never committed", true)).isPresent();
			this.entityManager.flush(); // the insert runs, and the listeners see it
			// a counter cache's change reaches the buffer at the commit, not before
			assertThat(this.counters.pending(Post.class, id, Post.COMMENTS)).isZero();
			status.setRollbackOnly();
		});
		assertThat(this.counters.pending(Post.class, id, Post.COMMENTS)).isZero();
		assertThat(this.counters.pending(Post.class, id, Post.APPROVED_COMMENTS)).isZero();
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
		assertThat(summary.approvedComments()).isBetween(0L, summary.comments());
		assertThat(summary.posts()).isEqualTo(3);
		assertThat(summary.counters()).isEqualTo(4);
		assertThat(summary.distinctKeys()).isBetween(1, 12);
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
			.jsonPath("$.posts[0].current.approvedComments").isNumber()
			.jsonPath("$.written.approvedComments").isNumber()
			.jsonPath("$.milestones").isArray()
			.jsonPath("$.mostViewed").isArray()
			.jsonPath("$.written.views").isNumber()
			.jsonPath("$.flushTotals.rows").isNumber()
			.jsonPath("$.increments").isNumber();
		this.client.get().uri("/actuator/counters").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.store").isEqualTo("redis");
	}

	@Test
	void viewsPerDayChartSumsToTheFirstPostsViewsAndCountsANewViewToday() {
		String before = dashboardJson();
		List<Number> days = JsonPath.read(before, "$.viewsPerDay.days[*].views");
		assertThat(days).hasSize(DashboardController.CHART_DAYS);
		assertThat((String) JsonPath.read(before, "$.viewsPerDay.days[6].day")).isEqualTo(LocalDate.now().toString());
		long postId = ((Number) JsonPath.read(before, "$.viewsPerDay.postId")).longValue();
		assertThat(((Number) JsonPath.read(before, "$.posts[0].id")).longValue()).isEqualTo(postId);
		// every view of the sample's posts was counted since startup, within the week the chart shows
		assertThat(days.stream().mapToLong(Number::longValue).sum())
			.isEqualTo(((Number) JsonPath.read(before, "$.posts[0].current.views")).longValue());

		this.client.post().uri("/posts/" + postId + "/views").exchange().expectStatus().is2xxSuccessful();

		String after = dashboardJson();
		assertThat(((Number) JsonPath.read(after, "$.viewsPerDay.days[6].views")).longValue())
			.isEqualTo(days.get(6).longValue() + 1);
		assertThat(((Number) JsonPath.read(after, "$.pending")).longValue())
			.as("the pending total counts the view once, not again for its bucket")
			.isEqualTo(((Number) JsonPath.read(before, "$.pending")).longValue() + 1);
	}

	private String dashboardJson() {
		return this.client.get()
			.uri("/dashboard/data")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void counterCachesFollowCommentsCreatedApprovedMovedAndDeleted() {
		long first = createPost("Counter caches").id();
		long second = createPost("Where comments move").id();
		long a = comment(first, "A", false);
		long b = comment(first, "B", true);
		long c = comment(first, "C", false);
		long d = comment(second, "D", true);
		assertThat(get(first).current()).isEqualTo(new PostView.Counts(0, 0, 3, 1));
		assertThat(get(second).current()).isEqualTo(new PostView.Counts(0, 0, 1, 1));

		assertThat(commentAction(first, a, "approve").approved()).isTrue();
		// approving an approved comment changes no row, so no count
		assertThat(commentAction(first, a, "approve").approved()).isTrue();
		assertThat(commentAction(first, b, "unapprove").approved()).isFalse();
		assertThat(get(first).current()).isEqualTo(new PostView.Counts(0, 0, 3, 1));

		// moving the approved comment A: one comment and one approved comment change posts
		CommentView moved = this.client.post()
			.uri("/posts/{id}/comments/{comment}/move?to={to}", first, a, second)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(CommentView.class)
			.returnResult()
			.getResponseBody();
		assertThat(moved.postId()).isEqualTo(second);
		assertThat(get(first).current()).isEqualTo(new PostView.Counts(0, 0, 2, 0));
		assertThat(get(second).current()).isEqualTo(new PostView.Counts(0, 0, 2, 2));
		this.client.post().uri("/posts/{id}/comments/{comment}/approve", first, a).exchange().expectStatus().isNotFound();
		this.client.post()
			.uri("/posts/{id}/comments/{comment}/move?to={to}", first, b, Long.MAX_VALUE)
			.exchange()
			.expectStatus()
			.isBadRequest();

		this.client.delete().uri("/posts/{id}/comments/{comment}", first, c).exchange().expectStatus().isNoContent();
		this.client.delete().uri("/posts/{id}/comments/{comment}", second, d).exchange().expectStatus().isNoContent();
		assertThat(get(first).current()).isEqualTo(new PostView.Counts(0, 0, 1, 0));
		assertThat(get(second).current()).isEqualTo(new PostView.Counts(0, 0, 1, 1));
		assertThat(get(second).comments()).as("nothing written before the flush").isZero();

		this.counters.flush();
		assertCounterCachesEqualCommentRows(first, second);
		assertThat(get(second).approvedComments()).isEqualTo(1);
		assertThat(verify(first)).allSatisfy((check) -> assertThat(check.correct()).as(check.toString()).isTrue());
	}

	@Test
	void concurrentApprovalsAndDeletesOfOneCommentCountOnce() throws Exception {
		long id = createPost("Concurrent").id();
		long approvedByMany = comment(id, "Approved by many", false);
		long deletedByMany = comment(id, "Deleted by many", true);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> approvals = new ArrayList<>();
			List<Future<Integer>> deletes = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				approvals.add(pool.submit(() -> {
					start.await();
					return this.client.post()
						.uri("/posts/{id}/comments/{comment}/approve", id, approvedByMany)
						.exchange()
						.returnResult()
						.getStatus()
						.value();
				}));
				deletes.add(pool.submit(() -> {
					start.await();
					return this.client.delete()
						.uri("/posts/{id}/comments/{comment}", id, deletedByMany)
						.exchange()
						.returnResult()
						.getStatus()
						.value();
				}));
			}
			start.countDown();
			List<Integer> approvalStatuses = new ArrayList<>();
			for (Future<Integer> approval : approvals) {
				approvalStatuses.add(approval.get(30, TimeUnit.SECONDS));
			}
			List<Integer> deleteStatuses = new ArrayList<>();
			for (Future<Integer> delete : deletes) {
				deleteStatuses.add(delete.get(30, TimeUnit.SECONDS));
			}
			assertThat(approvalStatuses).containsOnly(200);
			assertThat(deleteStatuses).containsOnly(204, 404).containsOnlyOnce(204);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(get(id).current()).isEqualTo(new PostView.Counts(0, 0, 1, 1));
		this.counters.flush();
		assertCounterCachesEqualCommentRows(id);
	}

	@Test
	void bulkChangesAreRepairedByRecalculation() {
		long id = createPost("Bulk").id();
		for (int i = 0; i < 3; i++) {
			comment(id, "Waiting for approval " + i, false);
		}
		this.client.post()
			.uri("/posts/{id}/comments/approve-all", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.approved").isEqualTo(3)
			.jsonPath("$.approvedComments").isEqualTo(3);
		assertThat(get(id).current()).isEqualTo(new PostView.Counts(0, 0, 3, 3));

		// a change made in SQL, which Hibernate's listeners never see
		this.jdbc.update("update post_comment set approved = false where post_id = ?", id);
		assertThat(verify(id)).extracting(CounterCacheController.Check::field, CounterCacheController.Check::current,
				CounterCacheController.Check::expected, CounterCacheController.Check::correct)
			.containsExactly(tuple(Post.COMMENTS, 3L, 3L, true), tuple(Post.APPROVED_COMMENTS, 3L, 0L, false));
		this.client.get()
			.uri("/posts/verify?sample=1000")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[1].field").isEqualTo(Post.APPROVED_COMMENTS)
			.jsonPath("$[1].drifted[?(@.id == " + id + ")].expected").isEqualTo(List.of(0));

		this.client.post()
			.uri("/posts/{id}/recalculate", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"commentCount\": 3, \"approvedComments\": 0}");
		assertThat(verify(id)).allSatisfy((check) -> assertThat(check.correct()).as(check.toString()).isTrue());
		assertThat(get(id).current()).isEqualTo(new PostView.Counts(0, 0, 3, 0));
		this.counters.flush();
		assertCounterCachesEqualCommentRows(id);

		this.client.post()
			.uri("/posts/recalculate")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.commentCount").value(Integer.class, (rows) -> assertThat(rows).isPositive())
			.jsonPath("$.approvedComments").value(Integer.class, (rows) -> assertThat(rows).isPositive());
		assertCounterCachesEqualCommentRows(id);
		this.client.post().uri("/posts/{id}/recalculate", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
	}

	@Test
	void flushesPublishTheViewsMilestonesTheyReach() {
		long id = createPost("Popular").id();
		this.client.post().uri("/posts/{id}/views?by=99", id).exchange().expectStatus().isAccepted();
		this.counters.flush();
		assertThat(milestonesOf(id)).isEmpty();
		this.client.post().uri("/posts/{id}/views?by=2", id).exchange().expectStatus().isAccepted();
		this.counters.flush();
		assertThat(milestonesOf(id)).containsExactly(100L);
		// one flush of 2,000 views passes 1,000 once, and 100 is not reached again
		this.client.post().uri("/posts/{id}/views?by=2000", id).exchange().expectStatus().isAccepted();
		this.counters.flush();
		assertThat(milestonesOf(id)).containsExactly(1000L, 100L);
	}

	@Test
	void mostViewedRanksPendingViewsWhereTheFlushWillPutThem() {
		long first = createPost("Most viewed first").id();
		long second = createPost("Most viewed second").id();
		try {
			this.client.post().uri("/posts/{id}/views?by=6000000000", first).exchange().expectStatus().isAccepted();
			this.client.post().uri("/posts/{id}/views?by=5000000000", second).exchange().expectStatus().isAccepted();
			assertThat(mostViewed(2)).containsExactly(new MostViewed(first, "Most viewed first", 6_000_000_000L),
					new MostViewed(second, "Most viewed second", 5_000_000_000L));
			this.client.post().uri("/flush").exchange().expectStatus().isOk();

			// a negative delta, still pending, drops the first post below the second
			this.client.post().uri("/posts/{id}/views?by=-2000000000", first).exchange().expectStatus().isAccepted();

			assertThat(mostViewed(2)).containsExactly(new MostViewed(second, "Most viewed second", 5_000_000_000L),
					new MostViewed(first, "Most viewed first", 4_000_000_000L));
			this.client.get().uri("/dashboard/data").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.mostViewed[0].id").isEqualTo(second)
				.jsonPath("$.mostViewed[1].views").isEqualTo(4_000_000_000L);
			this.client.get().uri("/posts/most-viewed?limit=0").exchange().expectStatus().isBadRequest();
		}
		finally {
			// back to no views, so that other tests' posts are not outranked
			this.client.post().uri("/posts/{id}/views?by=-4000000000", first).exchange().expectStatus().isAccepted();
			this.client.post().uri("/posts/{id}/views?by=-5000000000", second).exchange().expectStatus().isAccepted();
			this.client.post().uri("/flush").exchange().expectStatus().isOk();
		}
	}

	private List<MostViewed> mostViewed(int limit) {
		return List.of(this.client.get()
			.uri("/posts/most-viewed?limit={limit}", limit)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MostViewed[].class)
			.returnResult()
			.getResponseBody());
	}

	@Test
	void unknownPostIsNotFound() {
		this.client.get().uri("/posts/{id}", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
		this.client.post().uri("/posts/{id}/views", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
		this.client.post().uri("/posts/{id}/likes", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
	}

	@Test
	void theDirectViewEndpointOfTheHttpFigureIsNotThereForUsers() {
		long id = createPost("no direct views").id();

		this.client.post().uri("/posts/{id}/views-direct", id).exchange().expectStatus().isNotFound();
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
		return comment(postId, body, false);
	}

	private long comment(long postId, String body, boolean approved) {
		CommentView comment = this.client.post()
			.uri("/posts/{id}/comments", postId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("body", body, "approved", approved))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(CommentView.class)
			.returnResult()
			.getResponseBody();
		assertThat(comment).isNotNull();
		assertThat(comment.postId()).isEqualTo(postId);
		assertThat(comment.approved()).isEqualTo(approved);
		return comment.id();
	}

	private CommentView commentAction(long postId, long commentId, String action) {
		return this.client.post()
			.uri("/posts/{id}/comments/{comment}/{action}", postId, commentId, action)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(CommentView.class)
			.returnResult()
			.getResponseBody();
	}

	private List<CounterCacheController.Check> verify(long postId) {
		return List.of(this.client.get()
			.uri("/posts/{id}/verify", postId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(CounterCacheController.Check[].class)
			.returnResult()
			.getResponseBody());
	}

	/**
	 * Checks that, with nothing pending, each post's stored counter caches equal what SQL counts
	 * in the comment table.
	 */
	private void assertCounterCachesEqualCommentRows(long... postIds) {
		for (long postId : postIds) {
			PostView post = get(postId);
			long rows = this.jdbc.queryForObject("select count(*) from post_comment where post_id = ?", Long.class,
					postId);
			long approvedRows = this.jdbc.queryForObject(
					"select count(*) from post_comment where post_id = ? and approved", Long.class, postId);
			assertThat(post.comments()).as("commentCount of post " + postId).isEqualTo(rows);
			assertThat(post.approvedComments()).as("approvedComments of post " + postId).isEqualTo(approvedRows);
			assertThat(post.current()).as("nothing pending for post " + postId)
				.isEqualTo(new PostView.Counts(post.views(), post.likes(), rows, approvedRows));
		}
	}

	private List<Long> milestonesOf(long postId) {
		return this.milestones.recent()
			.stream()
			.filter((milestone) -> milestone.postId() == postId)
			.map(ViewMilestones.Milestone::views)
			.toList();
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
