package io.github.bufferedcounter.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import redis.embedded.RedisExecProvider;

/**
 * A throwaway Redis server on a free loopback port, without persistence, run from the binary that
 * {@code org.signal:embedded-redis} ships for this platform.
 *
 * <p>The sample runs the binary itself rather than through embedded-redis's {@code RedisServer}:
 * that class stops the server from a JVM shutdown hook of its own, and JVM shutdown hooks run
 * concurrently, so on Ctrl-C Redis could vanish while Spring Boot's hook is still closing the
 * application, before the buffered counters' final flush, which then blocks until the Redis
 * command timeout. Here {@link #close()} is called only once the application has stopped.
 */
final class EmbeddedRedis implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private final Process process;

	private final int port;

	private EmbeddedRedis(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a server and waits until it accepts connections.
	 * @return the running server
	 */
	static EmbeddedRedis start() {
		try {
			int port = freePort();
			File binary = RedisExecProvider.defaultProvider().get();
			File log = File.createTempFile("embedded-redis-", ".log");
			log.deleteOnExit();
			Process process = new ProcessBuilder(binary.getAbsolutePath(), "--bind", HOST, "--port",
					String.valueOf(port), "--save", "", "--appendonly", "no", "--loglevel", "warning")
				.redirectErrorStream(true)
				.redirectOutput(log)
				.start();
			EmbeddedRedis redis = new EmbeddedRedis(process, port);
			if (!redis.awaitConnectable()) {
				redis.close();
				throw new IllegalStateException("Embedded Redis did not start on port " + port + ":\n"
						+ Files.readString(log.toPath()));
			}
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded Redis", ex);
		}
	}

	/**
	 * Returns the port the server listens on, on {@value #HOST}.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	/**
	 * Returns whether the server process is still running.
	 * @return whether it runs
	 */
	boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Stops the server; does nothing if it has stopped already.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits until the server accepts connections.
	 * @return {@code false} if it exited, did not listen in time, or the wait was interrupted
	 */
	private boolean awaitConnectable() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (this.process.isAlive() && System.nanoTime() < deadline) {
			try (Socket socket = new Socket(HOST, this.port)) {
				return true;
			}
			catch (IOException ex) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return false;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
	}

}
