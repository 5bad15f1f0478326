package io.github.bufferedcounter.benchmarks.jmh;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.memory.MemoryDeltaStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MemoryDeltaStore#add} of one delta to one hot key, alone and from four threads at
 * once: the floor under figure (d) of the end-to-end benchmark, without Spring or the
 * transaction check around it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryStoreBenchmark {

	private MemoryDeltaStore store;

	private Map<CounterKey, Long> delta;

	@Setup
	public void setUp() {
		this.store = new MemoryDeltaStore(Clock.systemUTC());
		this.delta = Map.of(new CounterKey("BenchCounter", "n", "1"), 1L);
	}

	@Benchmark
	@Threads(1)
	public void addHotKey() {
		this.store.add(this.delta);
	}

	@Benchmark
	@Threads(4)
	public void addHotKeyFourThreads() {
		this.store.add(this.delta);
	}

}
