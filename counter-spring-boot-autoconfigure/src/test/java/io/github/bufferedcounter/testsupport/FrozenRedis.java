package io.github.bufferedcounter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * Freezes {@code redis-server} processes with {@code SIGSTOP} and thaws them with
 * {@code SIGCONT}. A frozen replica stays connected as far as its master can tell, but
 * acknowledges nothing, as a replica stalled by a slow disk or a paused VM does.
 */
final class FrozenRedis {

	/** The process ids of the frozen servers. */
	private final Set<String> frozen = new HashSet<>();

	/** Freezes the server the commands go to. */
	void freeze(RedisCommands<String, String> server) {
		String info = server.info("server");
		int start = info.indexOf("process_id:") + "process_id:".length();
		String pid = info.substring(start, info.indexOf('\r', start)).trim();
		signal("-STOP", pid);
		this.frozen.add(pid);
	}

	/** Lets every frozen server run again. */
	void thawAll() {
		this.frozen.forEach((pid) -> signal("-CONT", pid));
		this.frozen.clear();
	}

	private static void signal(String signal, String pid) {
		try {
			Process kill = new ProcessBuilder("kill", signal, pid).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill " + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
