package io.github.bufferedcounter.store;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.store.redis.RedisDeltaStore;
import io.github.bufferedcounter.testsupport.ReplyDroppingProxy;
import io.github.bufferedcounter.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lettuce re-sends the commands that were in flight when a connection dropped, once it has
 * reconnected (its default, at-least-once mode). An add whose reply was lost, but which Redis
 * had executed, must not be counted twice. Found by the chaos test ({@code docs/chaos.md}).
 */
class RedisDeltaStoreRetransmitTest {

	private static final CounterKey VIEWS = new CounterKey("Post", "views", "1");

	private ReplyDroppingProxy proxy;

	private LettuceConnectionFactory connectionFactory;

	@BeforeEach
	void connectThroughProxy() {
		this.proxy = ReplyDroppingProxy.start(TestRedis.host(), TestRedis.port());
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.proxy.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void close() throws Exception {
		this.connectionFactory.destroy();
		this.proxy.close();
	}

	@ParameterizedTest(name = "single node: {0}")
	@ValueSource(booleans = { false, true })
	void anAddReSentAfterItsReplyWasLostCountsOnce(boolean singleNode) {
		RedisDeltaStore store = new RedisDeltaStore(new StringRedisTemplate(this.connectionFactory),
				"retransmit-" + UUID.randomUUID(), 4, Clock.systemUTC(), singleNode);
		store.add(Map.of(VIEWS, 1L)); // loads the script: from now on adds go as EVALSHA

		this.proxy.dropNextReplyTo("EVALSHA");
		store.add(Map.of(VIEWS, 1L));

		assertThat(this.proxy.dropped()).as("replies lost").isEqualTo(1);
		assertThat(store.pending(VIEWS).buffered()).isEqualTo(2);
	}

}
