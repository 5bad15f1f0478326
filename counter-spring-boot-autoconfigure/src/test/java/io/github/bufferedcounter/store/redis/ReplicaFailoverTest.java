package io.github.bufferedcounter.store.redis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import io.github.bufferedcounter.testsupport.PrivateRedis;
import io.github.bufferedcounter.testsupport.RedisPair;
import io.github.bufferedcounter.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A Redis master with one replica, and a failover to the replica after it was cut off from the
 * master. With {@code replicas = 1} an add counts as stored only once the replica has it, and a
 * claim reaches the database only once the replica has it, so the failover loses no add and
 * applies no batch twice. With {@code replicas = 0} the same failover loses an acknowledged add
 * and applies a batch twice, as the README says it can. The database is modelled by the
 * applied-batch rule the flusher follows: a batch whose id it holds is not applied again.
 */
class ReplicaFailoverTest {

	private static final Duration REPLICA_TIMEOUT = Duration.ofMillis(300);

	private final String prefix = "failover-" + UUID.randomUUID();

	private final Set<String> appliedBatches = new HashSet<>();

	private final Map<CounterKey, Long> database = new HashMap<>();

	private RedisPair pair;

	private TcpProxy proxy;

	private LettuceConnectionFactory connectionFactory;

	private RedisDeltaStore store;

	@BeforeEach
	void start() throws IOException {
		this.pair = RedisPair.start();
		this.proxy = new TcpProxy(Loopback.ADDRESS, this.pair.masterPort());
		this.connectionFactory = PrivateRedis.connectionFactory(this.proxy.port(), Duration.ofSeconds(2));
	}

	@AfterEach
	void stop() throws IOException {
		if (this.store != null) {
			this.store.close();
		}
		this.connectionFactory.destroy();
		this.proxy.close();
		this.pair.close();
	}

	@Test
	void anAddIsHeldWhileTheReplicaIsCutOffAndStoredOnceWhenItReturns() {
		openStore(1);
		CounterKey views = new CounterKey("Post", "views", "1");
		this.pair.cutReplicaOff();

		this.store.add(Map.of(views, 3L));

		assertThat(this.store.spilledKeys()).as("held in process, not counted as stored").isEqualTo(1);
		this.pair.reconnectReplica();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.store.spilledKeys() == 0);
		assertThat(pending(this.pair.master(), views)).isEqualTo(3);
		assertThat(pending(this.pair.replica(), views)).as("on the replica once the add is stored").isEqualTo(3);
	}

	/**
	 * A write whose reply was lost is resent on a new connection, where {@code add.lua} skips it
	 * as run. The resend must still wait for the replicas, which have not confirmed the first
	 * transmission: a replica that is connected but lags (frozen here) keeps it held. Redis 7.0
	 * sets a connection's replication offset after every command, so this also holds without
	 * {@code add.lua} setting the mark again on a skip; that covers Redis versions that set it
	 * only after a command that replicated something.
	 */
	@Test
	void aResentWriteIsStoredOnlyOnceALaggingReplicaHasIt() {
		openStore(1);
		CounterKey views = new CounterKey("Post", "views", "1");
		// opens the connection the write below is sent on, which then loses its reply
		this.store.add(Map.of(new CounterKey("Post", "views", "warm-up"), 1L));
		this.pair.freezeReplica();
		this.proxy.dropReplies(true);
		this.store.add(Map.of(views, 3L));
		assertThat(this.store.spilledKeys()).as("held: its reply was lost").isEqualTo(1);
		this.proxy.restore();

		this.store.sync();

		assertThat(this.store.spilledKeys()).as("still held: the frozen replica has not confirmed it").isEqualTo(1);
		this.pair.thawReplica();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.store.sync();
			return this.store.spilledKeys() == 0;
		});
		assertThat(pending(this.pair.master(), views)).isEqualTo(3);
		assertThat(pending(this.pair.replica(), views)).isEqualTo(3);
	}

	/**
	 * The connection drops while {@code WAIT} waits for a replica that was cut off, and the
	 * application follows a failover: Lettuce sends the {@code WAIT} again on its new connection,
	 * to the new master, where it counts that connection's writes (none) and confirms at once.
	 * The add must still count as unconfirmed, and reach the new master, which never had it.
	 */
	@Test
	void aWaitSentAgainOnANewConnectionDoesNotConfirmTheWrite() throws Exception {
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory), this.prefix, 2,
				Clock.systemUTC(), true, RedisDeltaStore.DEFAULT_SPILL_LIMIT, RedisDeltaStore.DEFAULT_WRITER_MARK_TTL, 1,
				new ReplicaAcknowledgement(1, Duration.ofSeconds(5)));
		CounterKey views = new CounterKey("Post", "views", "1");
		this.pair.cutReplicaOff();
		Thread adding = new Thread(() -> this.store.add(Map.of(views, 3L)));
		adding.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.pair.master().info("clients").contains("blocked_clients:1"));

		this.proxy.cut();
		this.pair.failOver();
		this.proxy.retarget(this.pair.masterPort());
		this.proxy.restore();
		adding.join(20_000);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.store.sync();
			return this.store.spilledKeys() == 0;
		});

		assertThat(pending(this.pair.master(), views)).as("on the new master, once").isEqualTo(3);
	}

	@Test
	void anAddTheReplicaDidNotConfirmFailsWhereNothingMayBeHeld() {
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory), this.prefix, 2,
				Clock.systemUTC(), true, 0, RedisDeltaStore.DEFAULT_WRITER_MARK_TTL, 1,
				new ReplicaAcknowledgement(1, REPLICA_TIMEOUT));
		this.pair.cutReplicaOff();

		assertThatThrownBy(() -> this.store.add(Map.of(new CounterKey("Post", "views", "1"), 3L)))
			.hasMessageContaining("may or may not have been added")
			.hasMessageContaining("buffered-counter.redis.replicas");
	}

	@Test
	void aFailoverWithReplicasConfirmingLosesNothingAndAppliesNothingTwice() {
		Map<CounterKey, Long> applied = failOverAfterAddsAndAClaim(1);

		assertThat(applied).containsEntry(claimedBefore(), 5L).containsEntry(addedWhileCutOff(), 7L);
	}

	/** The failure the replicas setting prevents, so that the test above can fail. */
	@Test
	void aFailoverWithoutReplicasConfirmingLosesAnAddAndAppliesABatchTwice() {
		Map<CounterKey, Long> applied = failOverAfterAddsAndAClaim(0);

		assertThat(applied).as("claimed batch applied again, add lost")
			.containsEntry(claimedBefore(), 10L)
			.doesNotContainKey(addedWhileCutOff());
	}

	/**
	 * Adds to two shards while the replica follows, cuts the replica off, adds once more and
	 * claims and applies the first shard, then fails over to the replica and flushes
	 * everything from it.
	 */
	private Map<CounterKey, Long> failOverAfterAddsAndAClaim(int replicas) {
		openStore(replicas);
		this.store.add(Map.of(claimedBefore(), 5L));
		await().atMost(Duration.ofSeconds(10)).until(() -> pending(this.pair.replica(), claimedBefore()) == 5);
		this.pair.cutReplicaOff();
		this.store.add(Map.of(addedWhileCutOff(), 7L));
		try {
			claimAndApply(shardOf(claimedBefore()));
		}
		catch (ReplicasNotConfirmedException ex) {
			// a flush that failed: its batch never reached the database
		}

		this.proxy.cut();
		this.pair.failOver();
		this.proxy.retarget(this.pair.masterPort());
		this.proxy.restore();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.store.sync();
			return this.store.spilledKeys() == 0;
		});
		for (int shard = 0; shard < this.store.shards(); shard++) {
			while (claimAndApply(shard)) {
				// until the shard is empty
			}
		}
		return this.database;
	}

	/** Claims a batch, applies it unless its id was applied before, and acknowledges it. */
	private boolean claimAndApply(int shard) {
		Optional<ClaimedBatch> claimed = this.store.claim(shard, 100, Duration.ofMinutes(1));
		if (claimed.isEmpty()) {
			return false;
		}
		ClaimedBatch batch = claimed.get();
		if (this.appliedBatches.add(batch.id())) {
			batch.deltas().forEach((key, delta) -> this.database.merge(key, delta, Long::sum));
		}
		this.store.acknowledge(batch, List.of(), 10);
		return true;
	}

	private void openStore(int replicas) {
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory), this.prefix, 2,
				Clock.systemUTC(), true, RedisDeltaStore.DEFAULT_SPILL_LIMIT, RedisDeltaStore.DEFAULT_WRITER_MARK_TTL,
				1, new ReplicaAcknowledgement(replicas, REPLICA_TIMEOUT));
	}

	private static CounterKey claimedBefore() {
		return new CounterKey("Post", "views", "1");
	}

	/** A key in the other of the two shards. */
	private static CounterKey addedWhileCutOff() {
		for (int id = 2;; id++) {
			CounterKey key = new CounterKey("Post", "views", Integer.toString(id));
			if (shardOf(key) != shardOf(claimedBefore())) {
				return key;
			}
		}
	}

	private static int shardOf(CounterKey key) {
		return DeltaStore.shardOf(key, 2);
	}

	private long pending(io.lettuce.core.api.sync.RedisCommands<String, String> node, CounterKey key) {
		String value = node.hget(RedisShardKeys.of(this.prefix, shardOf(key)).pending(), key.encode());
		return (value != null) ? Long.parseLong(value) : 0;
	}

}
