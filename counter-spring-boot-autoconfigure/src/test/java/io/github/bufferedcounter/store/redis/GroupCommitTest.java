package io.github.bufferedcounter.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.RefusedDeltasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a group of callers sharing one write fails: split and written again only when the script
 * refused the write, never after a failure that may follow an executed write. And how lanes
 * put several groups in flight, never two on one lane.
 */
class GroupCommitTest {

	private static final CounterKey FIRST = new CounterKey("Post", "views", "1");

	private static final CounterKey SECOND = new CounterKey("Post", "views", "2");

	private static final CounterKey THIRD = new CounterKey("Post", "views", "3");

	private final ExecutorService callers = Executors.newFixedThreadPool(4);

	private final List<Map<CounterKey, Long>> writes = new CopyOnWriteArrayList<>();

	private final CountDownLatch firstWrite = new CountDownLatch(1);

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void aGroupWhoseWriteFailedIsNotWrittenAgain() throws Exception {
		IllegalStateException loading = new IllegalStateException("Redis refused deltas: LOADING");
		List<CompletableFuture<Void>> calls = groupOfTwoAfterOne((deltas) -> {
			throw loading;
		});

		assertThat(calls.get(0)).succeedsWithin(Duration.ofSeconds(5));
		assertThat(calls.get(1)).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause().isSameAs(loading);
		assertThat(calls.get(2)).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause().isSameAs(loading);
		assertThat(this.writes).containsExactly(Map.of(FIRST, 1L), Map.of(SECOND, 1L, THIRD, 1L));
	}

	@Test
	void aGroupTheScriptRefusedIsWrittenAgainCallerByCaller() throws Exception {
		List<CompletableFuture<Void>> calls = groupOfTwoAfterOne((deltas) -> {
			if (deltas.containsKey(THIRD)) {
				throw new RefusedDeltasException("cannot add 1 to Post:views:3: overflow", null);
			}
			return null;
		});

		assertThat(calls.get(0)).succeedsWithin(Duration.ofSeconds(5));
		assertThat(calls.get(1)).succeedsWithin(Duration.ofSeconds(5));
		assertThat(calls.get(2)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(RefusedDeltasException.class);
		assertThat(this.writes).hasSize(4);
		assertThat(this.writes.subList(0, 2)).containsExactly(Map.of(FIRST, 1L), Map.of(SECOND, 1L, THIRD, 1L));
		assertThat(this.writes.subList(2, 4)).containsExactlyInAnyOrder(Map.of(SECOND, 1L), Map.of(THIRD, 1L));
	}

	@Test
	void anErrorInAGroupWriteFailsEveryCallerOfTheGroupInsteadOfLeavingThemWaiting() throws Exception {
		List<CompletableFuture<Void>> calls = groupOfTwoAfterOne((deltas) -> {
			throw new OutOfMemoryError("simulated");
		});

		assertThat(calls.get(0)).succeedsWithin(Duration.ofSeconds(5));
		assertThat(calls.get(1)).failsWithin(Duration.ofSeconds(5));
		assertThat(calls.get(2)).failsWithin(Duration.ofSeconds(5));
		assertThat(this.writes).containsExactly(Map.of(FIRST, 1L), Map.of(SECOND, 1L, THIRD, 1L));
	}

	@Test
	void aSecondLaneWritesWhileTheFirstWaitsForItsReply() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<WriteLane> lanes = List.of(new WriteLane(), new WriteLane());
		List<WriteLane> used = new CopyOnWriteArrayList<>();
		GroupCommit commit = new GroupCommit(lanes, (lane, deltas) -> {
			used.add(lane);
			this.writes.add(Map.copyOf(deltas));
			if (deltas.containsKey(FIRST)) {
				this.firstWrite.countDown();
				waitFor(release);
			}
		});
		CompletableFuture<Void> first = submit(commit, FIRST);
		assertThat(this.firstWrite.await(5, TimeUnit.SECONDS)).isTrue();

		assertThat(submit(commit, SECOND)).succeedsWithin(Duration.ofSeconds(5));
		assertThat(first).isNotDone();
		release.countDown();
		assertThat(first).succeedsWithin(Duration.ofSeconds(5));
		assertThat(used).hasSize(2).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(lanes);
	}

	@Test
	void aCallerWokenWhileAnotherLaneWritesItsDeltasParksAgainInsteadOfSpinning() throws Exception {
		CounterKey fourth = new CounterKey("Post", "views", "4");
		Map<CounterKey, CountDownLatch> writing = Map.of(FIRST, new CountDownLatch(1), fourth, new CountDownLatch(1),
				SECOND, new CountDownLatch(1));
		Map<CounterKey, CountDownLatch> release = Map.of(FIRST, new CountDownLatch(1), fourth, new CountDownLatch(1),
				SECOND, new CountDownLatch(1));
		GroupCommit commit = new GroupCommit(List.of(new WriteLane(), new WriteLane()), (lane, deltas) -> {
			for (CounterKey key : List.of(FIRST, fourth, SECOND)) {
				if (deltas.containsKey(key)) {
					writing.get(key).countDown();
					waitFor(release.get(key));
				}
			}
		});
		// both lanes busy, then SECOND and THIRD queue and park
		CompletableFuture<Void> first = submit(commit, FIRST);
		assertThat(writing.get(FIRST).await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> other = submit(commit, fourth);
		assertThat(writing.get(fourth).await(5, TimeUnit.SECONDS)).isTrue();
		List<Thread> queued = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> second = submit(commit, SECOND, queued);
		await().atMost(Duration.ofSeconds(5)).until(() -> parked(queued, 1));
		List<Thread> thirdCaller = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> third = submit(commit, THIRD, thirdCaller);
		await().atMost(Duration.ofSeconds(5)).until(() -> parked(thirdCaller, 1));
		// one lane frees: SECOND's caller leads SECOND and THIRD on it, and waits in the write
		release.get(fourth).countDown();
		assertThat(writing.get(SECOND).await(5, TimeUnit.SECONDS)).isTrue();
		// the other lane frees too, with nothing queued
		release.get(FIRST).countDown();
		assertThat(first).succeedsWithin(Duration.ofSeconds(5));
		assertThat(other).succeedsWithin(Duration.ofSeconds(5));

		// a wake-up of THIRD's caller while its deltas are being written on the other lane, as
		// the race between a finishing leader's look at the queue and the next leader's take
		LockSupport.unpark(thirdCaller.get(0));

		await().atMost(Duration.ofSeconds(5))
			.pollDelay(Duration.ofMillis(100))
			.until(() -> parked(thirdCaller, 1));
		assertThat(third).isNotDone();
		release.get(SECOND).countDown();
		assertThat(second).succeedsWithin(Duration.ofSeconds(5));
		assertThat(third).succeedsWithin(Duration.ofSeconds(5));
	}

	private static boolean parked(List<Thread> threads, int count) {
		return threads.size() == count && threads.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING);
	}

	@Test
	void manyCallersOnTwoLanesNeverShareALaneAndLoseNothing() throws Exception {
		List<WriteLane> lanes = List.of(new WriteLane(), new WriteLane());
		Set<WriteLane> busy = ConcurrentHashMap.newKeySet();
		List<String> overlaps = new CopyOnWriteArrayList<>();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		LongAdder written = new LongAdder();
		GroupCommit commit = new GroupCommit(lanes, (lane, deltas) -> {
			if (!busy.add(lane)) {
				overlaps.add(lane + " taken by two writes");
			}
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			LockSupport.parkNanos(200_000);
			deltas.values().forEach(written::add);
			inFlight.decrementAndGet();
			busy.remove(lane);
		});
		ExecutorService many = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Void>> calls = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				calls.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 500; i++) {
						commit.submit(Map.of((i % 2 == 0) ? FIRST : SECOND, 1L));
					}
				}, many));
			}
			assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)))
				.succeedsWithin(Duration.ofSeconds(60));
		}
		finally {
			many.shutdownNow();
		}
		assertThat(overlaps).isEmpty();
		assertThat(written.sum()).isEqualTo(8 * 500);
		assertThat(mostInFlight.get()).isEqualTo(2);
	}

	/**
	 * Starts a write of {@code FIRST} that waits, queues {@code SECOND} and {@code THIRD} behind
	 * it, then lets it finish, so that the two are written as one group; every write but the
	 * first goes to {@code later}.
	 */
	private List<CompletableFuture<Void>> groupOfTwoAfterOne(Function<Map<CounterKey, Long>, Void> later)
			throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit commit = new GroupCommit(List.of(new WriteLane()), (lane, deltas) -> {
			this.writes.add(Map.copyOf(deltas));
			if (this.writes.size() == 1) {
				this.firstWrite.countDown();
				waitFor(release);
				return;
			}
			later.apply(deltas);
		});
		CompletableFuture<Void> first = submit(commit, FIRST);
		assertThat(this.firstWrite.await(5, TimeUnit.SECONDS)).isTrue();
		List<Thread> waiting = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> second = submit(commit, SECOND, waiting);
		CompletableFuture<Void> third = submit(commit, THIRD, waiting);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> waiting.size() == 2
					&& waiting.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
		release.countDown();
		return List.of(first, second, third);
	}

	private CompletableFuture<Void> submit(GroupCommit commit, CounterKey key) {
		return submit(commit, key, new CopyOnWriteArrayList<>());
	}

	private CompletableFuture<Void> submit(GroupCommit commit, CounterKey key, List<Thread> threads) {
		return CompletableFuture.runAsync(() -> {
			threads.add(Thread.currentThread());
			commit.submit(Map.of(key, 1L));
		}, this.callers);
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
