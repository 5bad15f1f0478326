package io.github.bufferedcounter.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.embedded.RedisExecProvider;

/**
 * A Redis server process of the run's own, on a free loopback port, with the append-only file
 * written and fsynced before every reply ({@code appendonly yes}, {@code appendfsync always}): a
 * restart, even after SIGKILL, loses no write Redis acknowledged. The AOF is rewritten from 1 MB
 * on ({@code auto-aof-rewrite-min-size}, 64 MB by default), so that it loads quickly. The binary is the one
 * {@code org.signal:embedded-redis} ships (Redis 7.0), so only a JDK is needed; it is run
 * directly rather than through that library so that the run can SIGKILL it and start it again
 * on the same port and files.
 */
final class RedisProcess implements AutoCloseable {

	static final String LOOPBACK = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final Path executable;

	private final Path config;

	private final Path log;

	private final int port;

	private Process process;

	private RedisProcess(Path executable, Path config, Path log, int port) {
		this.executable = executable;
		this.config = config;
		this.log = log;
		this.port = port;
	}

	/**
	 * Writes the configuration and starts the server.
	 * @param directory where the AOF, the configuration and the log go
	 * @return the running server
	 * @throws IOException if the binary cannot be extracted or the files written
	 */
	/**
	 * Returns the AOF fsync policy: {@code always} unless the system property
	 * {@code chaos.appendfsync} names another ({@code everysec} to measure that setting).
	 */
	static String appendfsync() {
		String policy = System.getProperty("chaos.appendfsync", "always");
		if (!List.of("always", "everysec", "no").contains(policy)) {
			throw new IllegalArgumentException("chaos.appendfsync must be always, everysec or no; got '" + policy + "'");
		}
		return policy;
	}

	static RedisProcess start(Path directory) throws IOException {
		Files.createDirectories(directory);
		Path executable = RedisExecProvider.defaultProvider().get().toPath();
		int port = freePort();
		Path config = directory.resolve("redis.conf");
		// a small auto-rewrite threshold keeps the AOF small, so a restart spends little time answering LOADING
		Files.write(config, List.of("bind " + LOOPBACK, "port " + port, "dir \"" + directory + "\"", "appendonly yes",
				"appendfsync " + appendfsync(), "auto-aof-rewrite-min-size 1mb", "save \"\"", "daemonize no", "logfile \"\""));
		RedisProcess redis = new RedisProcess(executable, config, directory.resolve("redis.log"), port);
		redis.start();
		return redis;
	}

	int port() {
		return this.port;
	}

	/**
	 * Starts the server, on the same port and files as before, and waits until it has loaded its
	 * AOF and answers.
	 */
	synchronized void start() {
		start(List.of());
	}

	/**
	 * Starts the server like {@link #start()}, but at {@code maxmemory} under
	 * {@code noeviction}: it loads its AOF and answers reads, and refuses every write with
	 * {@code OOM} until {@link #makeRoom()}.
	 */
	synchronized void startFull() {
		start(List.of("--maxmemory", "1", "--maxmemory-policy", "noeviction"));
	}

	private void start(List<String> options) {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("Redis is running");
		}
		List<String> command = new ArrayList<>(List.of(this.executable.toString(), this.config.toString()));
		command.addAll(options);
		try {
			this.process = Children.track(new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.executable, ex);
		}
		awaitReady();
	}

	/** SIGKILL: the server gets no chance to do anything. */
	synchronized void kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
	}

	/** SIGTERM: Redis fsyncs its AOF and exits. */
	synchronized void stop() {
		this.process.destroy();
		if (!awaitExit(Duration.ofSeconds(20))) {
			kill();
		}
	}

	private boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		String last = "no answer";
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Redis exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				last = get("chaos:ready");
				if (last.startsWith("$")) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			sleep(20);
		}
		throw new IllegalStateException("Redis did not become ready on port " + this.port + ": " + last);
	}

	/**
	 * Closes every client connection but the caller's ({@code CLIENT KILL TYPE normal}): Redis
	 * drops the replies it has not sent yet, also of commands it has executed.
	 * @return how many connections were closed
	 * @throws IOException if Redis cannot be reached
	 */
	int killClients() throws IOException {
		String reply = command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
		if (!reply.startsWith(":")) {
			throw new IllegalStateException("CLIENT KILL answered " + reply);
		}
		return Integer.parseInt(reply.substring(1));
	}

	/** Lifts the memory limit {@link #startFull()} set. */
	void makeRoom() throws IOException {
		expectOk(command("CONFIG", "SET", "maxmemory", "0"), "CONFIG SET maxmemory 0");
	}

	/**
	 * Makes the server a replica of a master that does not exist ({@code REPLICAOF} a free
	 * port): it keeps its data, as no master ever sends another, and refuses writes with
	 * {@code READONLY} until {@link #promote()}.
	 */
	void demote() throws IOException {
		expectOk(command("REPLICAOF", LOOPBACK, Integer.toString(freePort())), "REPLICAOF");
	}

	/** Makes the server a master again ({@code REPLICAOF NO ONE}), with the data it had. */
	void promote() throws IOException {
		expectOk(command("REPLICAOF", "NO", "ONE"), "REPLICAOF NO ONE");
	}

	private static void expectOk(String reply, String command) {
		if (!reply.startsWith("+OK")) {
			throw new IllegalStateException(command + " answered " + reply);
		}
	}

	/**
	 * Sends {@code GET key} and returns the first line of the reply: {@code $-1} for a missing
	 * key, {@code -LOADING ...} while the AOF loads.
	 */
	private String get(String key) throws IOException {
		return command("GET", key);
	}

	/** Sends one command on a connection of its own and returns the first line of the reply. */
	private String command(String... words) throws IOException {
		StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
		for (String word : words) {
			request.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOOPBACK, this.port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\r') {
				line.append((char) c);
			}
			return line.toString();
		}
	}

	@Override
	public synchronized void close() {
		if (this.process != null && this.process.isAlive()) {
			stop();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port", ex);
		}
	}

}
