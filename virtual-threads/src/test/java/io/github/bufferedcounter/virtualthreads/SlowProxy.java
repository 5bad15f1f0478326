package io.github.bufferedcounter.virtualthreads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy that makes a server slow: it forwards requests at once and holds every
 * chunk of the replies for a fixed time before passing it on, in order. Every caller waiting
 * for Redis then waits that long, as it would for a loaded or distant server. It can also cut
 * every connection and refuse new ones for a while, as an outage does.
 */
final class SlowProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean cut;

	/**
	 * Starts the proxy on a free loopback port.
	 * @param host where to forward
	 * @param port the port to forward to
	 * @param replyDelay how long each chunk of the replies is held
	 * @throws IOException if no port could be bound
	 */
	SlowProxy(String host, int port, Duration replyDelay) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> accept(host, port, replyDelay), "slow-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** Closes every connection, and each new one as soon as it comes, until {@link #restore()}. */
	void cut() throws IOException {
		this.cut = true;
		closeConnections();
	}

	void restore() {
		this.cut = false;
	}

	private void accept(String host, int port, Duration replyDelay) {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					client.close();
					continue;
				}
				Socket target = new Socket(host, port);
				this.sockets.add(client);
				this.sockets.add(target);
				pump(client, target, Duration.ZERO);
				pump(target, client, replyDelay);
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its connection fail
			}
		}
	}

	private static void pump(Socket from, Socket to, Duration delay) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (!delay.isZero()) {
						Thread.sleep(delay);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// one side closed
			}
		}, "slow-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private void closeConnections() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		closeConnections();
	}

}
