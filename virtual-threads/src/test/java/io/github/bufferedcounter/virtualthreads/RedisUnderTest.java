package io.github.bufferedcounter.virtualthreads;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import redis.embedded.RedisServer;

/**
 * The Redis server of the test: the one {@value #URL_ENV} names ({@code redis://host:port}), as
 * the library's own tests use it, or else an embedded one (the binary shipped with
 * {@code org.signal:embedded-redis}) on a free loopback port, without persistence.
 */
final class RedisUnderTest implements AutoCloseable {

	static final String URL_ENV = "BUFFERED_COUNTER_TEST_REDIS_URL";

	private final String host;

	private final int port;

	private final RedisServer embedded;

	private RedisUnderTest(String host, int port, RedisServer embedded) {
		this.host = host;
		this.port = port;
		this.embedded = embedded;
	}

	static RedisUnderTest start() throws IOException {
		String url = System.getenv(URL_ENV);
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url.trim());
			if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new IllegalArgumentException(URL_ENV + " must look like redis://host:port but is " + url);
			}
			return new RedisUnderTest(uri.getHost(), (uri.getPort() < 0) ? 6379 : uri.getPort(), null);
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		RedisServer server = RedisServer.builder()
			.bind("127.0.0.1")
			.port(port)
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		return new RedisUnderTest("127.0.0.1", port, server);
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		if (this.embedded != null) {
			this.embedded.stop();
		}
	}

}
