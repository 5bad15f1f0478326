package io.github.bufferedcounter.unique;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.MovableClock;
import io.github.bufferedcounter.testsupport.TestRedis;
import io.github.bufferedcounter.unique.UniqueCounts.ClaimedEstimates;
import io.github.bufferedcounter.unique.UniqueCounts.Estimate;
import io.github.bufferedcounter.unique.memory.MemoryUniqueCounts;
import io.github.bufferedcounter.unique.redis.RedisUniqueCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What a flush relies on from both stores of unique counts: a claimed cell is held for its
 * lease and taken again after it unless written, and a cell counted again while claimed stays
 * marked after the claim is written.
 */
class UniqueCountsContractTest {

	private static final CounterKey CELL = new CounterKey("Post", "uniqueViewers", "7");

	private static final StringRedisTemplate redis = new StringRedisTemplate(
			Loopback.connectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port())));

	/** The same server through Jedis, the other client Spring Data Redis supports. */
	private static final StringRedisTemplate jedis = new StringRedisTemplate(
			Loopback.jedisConnectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port())));

	private static final MovableClock clock = new MovableClock();

	static Stream<UniqueCounts> stores() {
		return Stream.of(new RedisUniqueCounts(redis, "unique-" + UUID.randomUUID(), 1, clock),
				new RedisUniqueCounts(jedis, "unique-" + UUID.randomUUID(), 1, clock), new MemoryUniqueCounts(clock));
	}

	@ParameterizedTest
	@MethodSource("stores")
	void aClaimedCellIsHeldForItsLeaseAndTakenAgainUnlessWritten(UniqueCounts counts) {
		counts.add(CELL, List.of("a", "b"));

		ClaimedEstimates first = counts.claim(0, 100, Duration.ofSeconds(30));
		assertThat(first.estimates()).containsExactly(new Estimate(CELL, 2));
		assertThat(counts.claim(0, 100, Duration.ofSeconds(30)).isEmpty()).as("held by the first claim").isTrue();

		clock.advance(Duration.ofSeconds(31));
		ClaimedEstimates second = counts.claim(0, 100, Duration.ofSeconds(30));
		assertThat(second.estimates()).as("the first claim's owner never wrote it").containsExactly(new Estimate(CELL, 2));

		counts.written(second);
		clock.advance(Duration.ofSeconds(31));
		assertThat(counts.claim(0, 100, Duration.ofSeconds(30)).isEmpty()).as("written, so no longer marked").isTrue();
	}

	@ParameterizedTest
	@MethodSource("stores")
	void markedCellsCountsTheCellsWaitingToBeWrittenClaimedOrNot(UniqueCounts counts) {
		CounterKey other = new CounterKey("Post", "uniqueViewers", "8");
		assertThat(counts.markedCells()).isZero();
		counts.add(CELL, List.of("a", "b"));
		counts.add(CELL, List.of("c"));
		counts.add(other, List.of("a"));
		assertThat(counts.markedCells()).as("two cells, however many adds").isEqualTo(2);

		ClaimedEstimates claimed = counts.claim(0, 100, Duration.ofSeconds(30));
		assertThat(counts.markedCells()).as("claimed, not yet written").isEqualTo(2);
		counts.add(other, List.of("b"));
		counts.written(claimed);
		assertThat(counts.markedCells()).as("the cell counted again while claimed").isEqualTo(1);
	}

	@ParameterizedTest
	@MethodSource("stores")
	void manyKeysCountInOneCall(UniqueCounts counts) {
		List<String> keys = IntStream.range(0, 20_000).mapToObj((i) -> "visitor-" + i).toList();
		counts.add(CELL, keys);

		assertThat((double) counts.estimate(CELL)).isCloseTo(20_000, within(3 * 0.0081 * 20_000));
		assertThat(counts.claim(0, 100, Duration.ofSeconds(30)).estimates()).hasSize(1);
	}

	@ParameterizedTest
	@MethodSource("stores")
	void aCellCountedAgainWhileClaimedStaysMarked(UniqueCounts counts) {
		counts.add(CELL, List.of("a"));
		ClaimedEstimates claimed = counts.claim(0, 100, Duration.ofSeconds(30));
		counts.add(CELL, List.of("b"));
		counts.written(claimed);

		assertThat(counts.claim(0, 100, Duration.ofSeconds(30)).estimates()).containsExactly(new Estimate(CELL, 2));
		assertThat(counts.estimate(CELL)).isEqualTo(2);
		assertThat(counts.estimate(new CounterKey("Post", "uniqueViewers", "8"))).isZero();
	}

}
