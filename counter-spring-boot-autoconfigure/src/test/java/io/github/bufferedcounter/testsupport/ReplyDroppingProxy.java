package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on a free loopback port in front of a server, that can lose one reply: once armed
 * with a marker, it forwards the next request that contains the marker, and when the server's
 * reply comes, closes the client's connection instead of passing the reply on. The server has
 * executed the request; the client sees the connection drop, as after a network failure. New
 * connections are forwarded normally.
 */
public final class ReplyDroppingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final AtomicReference<String> marker = new AtomicReference<>();

	private final AtomicInteger dropped = new AtomicInteger();

	private ReplyDroppingProxy(ServerSocket server, String targetHost, int targetPort) {
		this.server = server;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
	}

	/**
	 * Starts a proxy.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @return the running proxy
	 */
	public static ReplyDroppingProxy start(String targetHost, int targetPort) {
		try {
			ReplyDroppingProxy proxy = new ReplyDroppingProxy(
					new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), targetHost, targetPort);
			daemon("proxy-accept", proxy::accept);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the proxy", ex);
		}
	}

	/**
	 * Returns the port clients connect to.
	 * @return the port, on {@code 127.0.0.1}
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Loses the reply to the next request that contains {@code marker}, such as {@code EVALSHA}.
	 * @param marker text to look for in the bytes the client sends
	 */
	public void dropNextReplyTo(String marker) {
		this.marker.set(marker);
	}

	/**
	 * Returns how many replies were lost so far.
	 * @return the count
	 */
	public int dropped() {
		return this.dropped.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(this.targetHost, this.targetPort);
				Connection connection = new Connection(client, target);
				daemon("proxy-request", connection::forwardRequests);
				daemon("proxy-reply", connection::forwardReplies);
			}
			catch (IOException ex) {
				// closed, or the server is away: the client sees its connection refused or dropped
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** One proxied connection. */
	private final class Connection {

		private final Socket client;

		private final Socket target;

		/** Set, before the request goes out, when the reply to it is to be lost. */
		private volatile boolean dropReply;

		Connection(Socket client, Socket target) {
			this.client = client;
			this.target = target;
		}

		void forwardRequests() {
			byte[] buffer = new byte[8192];
			try (InputStream in = this.client.getInputStream(); OutputStream out = this.target.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					String armed = ReplyDroppingProxy.this.marker.get();
					if (armed != null && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains(armed)
							&& ReplyDroppingProxy.this.marker.compareAndSet(armed, null)) {
						this.dropReply = true;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side closed
			}
			finally {
				closeBoth();
			}
		}

		void forwardReplies() {
			byte[] buffer = new byte[8192];
			try (InputStream in = this.target.getInputStream(); OutputStream out = this.client.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (this.dropReply) {
						ReplyDroppingProxy.this.dropped.incrementAndGet();
						return;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side closed
			}
			finally {
				closeBoth();
			}
		}

		private void closeBoth() {
			try {
				this.client.close();
			}
			catch (IOException ignored) {
				// already closed
			}
			try {
				this.target.close();
			}
			catch (IOException ignored) {
				// already closed
			}
		}

	}

}
