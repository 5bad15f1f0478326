package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy for fault tests: it forwards to a target until told to cut every
 * connection and refuse new ones, or to keep forwarding requests while dropping the replies,
 * the way a network partition leaves a client unsure whether its command ran.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private volatile int targetPort;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final ServerSocket server;

	private volatile boolean cut;

	private volatile boolean dropReplies;

	/**
	 * Starts a proxy on a free loopback port.
	 * @param targetHost where to forward
	 * @param targetPort the port to forward to
	 * @throws IOException if no port could be bound
	 */
	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.port = this.server.getLocalPort();
		listen(this.server);
	}

	public int port() {
		return this.port;
	}

	/**
	 * Closes every connection, and closes new ones as soon as they are accepted, until
	 * {@link #restore()}. The port stays bound, so no other socket can take it meanwhile.
	 */
	public void cut() {
		this.cut = true;
		closeConnections();
	}

	/** Keeps forwarding what clients send but drops what the target answers. */
	public void dropReplies(boolean drop) {
		this.dropReplies = drop;
	}

	/**
	 * Sends new connections to another port of the target host from now on, as clients of a
	 * name that moves to a promoted replica see; connections already open stay where they are.
	 * @param port the new target port
	 */
	public void retarget(int port) {
		this.targetPort = port;
	}

	/** Forwards new connections again. */
	public void restore() {
		this.dropReplies = false;
		this.cut = false;
	}

	private void listen(ServerSocket socket) {
		Thread acceptor = new Thread(() -> {
			while (!socket.isClosed()) {
				try {
					Socket client = socket.accept();
					if (this.cut) {
						closeQuietly(client);
						continue;
					}
					Socket target = new Socket(this.targetHost, this.targetPort);
					this.sockets.add(client);
					this.sockets.add(target);
					if (this.cut) {
						// cut while this one was being connected: it must not outlive the cut
						closeQuietly(client);
						closeQuietly(target);
						continue;
					}
					pump(client, target, false);
					pump(target, client, true);
				}
				catch (IOException ex) {
					// closed, or the target refused: the client sees its connection fail
				}
			}
		}, "tcp-proxy-accept-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pump(Socket from, Socket to, boolean replies) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (!(replies && this.dropReplies)) {
						out.write(buffer, 0, read);
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump-" + this.port);
		pump.setDaemon(true);
		pump.start();
	}

	private void closeConnections() {
		// one by one: a clear() would drop, unclosed, a socket added after the iteration began
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
			this.sockets.remove(socket);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		closeConnections();
	}

}
