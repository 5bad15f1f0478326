package io.github.bufferedcounter.store.redis;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer identity of this instance. Redis keeps, per writer and shard, the number of the
 * writer's last write it ran, which makes a write sent again harmless. That holds only while a
 * writer has one write in flight and sends nothing newer before an unclear one is settled, so
 * each lane sends one write at a time, under its lock. Several lanes give several writes in
 * flight: while one waits for its reply, another is on its way.
 */
final class WriteLane {

	private final String writerId = UUID.randomUUID().toString();

	private final ReentrantLock lock = new ReentrantLock();

	String writerId() {
		return this.writerId;
	}

	void lock() {
		this.lock.lock();
	}

	void unlock() {
		this.lock.unlock();
	}

	/** Locks every lane, in list order, so that none sends until {@link #unlockAll} is called. */
	static void lockAll(List<WriteLane> lanes) {
		lanes.forEach(WriteLane::lock);
	}

	static void unlockAll(List<WriteLane> lanes) {
		for (int i = lanes.size() - 1; i >= 0; i--) {
			lanes.get(i).unlock();
		}
	}

	@Override
	public String toString() {
		return "lane " + this.writerId;
	}

}
