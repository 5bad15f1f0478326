package io.github.bufferedcounter.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Once closed, the Redis store no longer holds what Redis does not take in its spill buffer,
 * which nothing would send any more: the add fails, so the caller (or the after-commit
 * hand-off's ERROR log) knows.
 */
class RedisDeltaStoreAfterCloseTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	private LettuceConnectionFactory unreachable;

	private RedisDeltaStore store;

	@BeforeEach
	void storeOnAPortNobodyListensOn() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Loopback.ADDRESS))) {
			port = socket.getLocalPort();
		}
		this.unreachable = Loopback.connectionFactory(new RedisStandaloneConfiguration(Loopback.ADDRESS, port));
		this.store = new RedisDeltaStore(new StringRedisTemplate(this.unreachable), "closed-" + UUID.randomUUID(), 1,
				Clock.systemUTC(), true);
	}

	@AfterEach
	void destroy() {
		this.unreachable.destroy();
	}

	@Test
	void anAddRedisDoesNotTakeAfterCloseFailsInsteadOfBeingSpilled() {
		this.store.close();

		assertThatThrownBy(() -> this.store.add(Map.of(VIEWS, 2L))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("may or may not have been added");
		assertThat(this.store.spilledKeys()).isZero();
	}

	@Test
	void anAddAfterCloseFailsWhileTheSpillBufferStillHoldsDeltas() {
		this.store.add(Map.of(VIEWS, 1L));
		assertThat(this.store.spilledKeys()).as("Redis unreachable: spilled").isOne();
		this.store.close();

		assertThatThrownBy(() -> this.store.add(Map.of(VIEWS, 2L))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("closed and Redis cannot be reached");
		assertThat(this.store.spilledKeys()).isOne();
	}

}
