package io.github.bufferedcounter.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.actuate.CountersDescriptor.LastFlushDescriptor;
import io.github.bufferedcounter.actuate.CountersDescriptor.PendingDeltaDescriptor;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.flush.LastFlush;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.DeadLetter;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingPage;
import io.github.bufferedcounter.store.memory.AggregatingDeltaStore;
import io.github.bufferedcounter.unique.UniqueCounts;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code counters} actuator endpoint: pending deltas page by page, the last flush, dead
 * letters, and the operator actions flush, pause, resume, retry and discard. Entity names are
 * looked up among the known counters; nothing a client sends reaches SQL. Bad parameters get a
 * 400 whose body says what is wrong and what would be valid. Read-only unless the operator
 * allows the actions with {@code management.endpoint.counters.access=unrestricted}, as Boot's
 * own state-changing endpoints are off unless enabled.
 */
@WebEndpoint(id = "counters", defaultAccess = Access.READ_ONLY)
public class CountersEndpoint {

	/** The selector under which dead letters are listed, retried and discarded. */
	public static final String DEAD_LETTERS = "dead-letters";

	private static final int DEFAULT_LIMIT = 100;

	private static final int MAX_LIMIT = 1000;

	private final DeltaStore store;

	private final Flusher flusher;

	private final CounterRegistry registry;

	private final Clock clock;

	private final UniqueCounts uniqueCounts;

	/**
	 * Creates the endpoint.
	 * @param store the store to show
	 * @param flusher the flusher to report on and control
	 * @param registry the known counters
	 * @param clock the clock for ages
	 */
	public CountersEndpoint(DeltaStore store, Flusher flusher, CounterRegistry registry, Clock clock) {
		this(store, flusher, registry, clock, null);
	}

	/**
	 * Creates the endpoint.
	 * @param store the store to show
	 * @param flusher the flusher to report on and control
	 * @param registry the known counters
	 * @param clock the clock for ages
	 * @param uniqueCounts the sketches of unique counters, or {@code null} for none
	 */
	public CountersEndpoint(DeltaStore store, Flusher flusher, CounterRegistry registry, Clock clock,
			@Nullable UniqueCounts uniqueCounts) {
		this.uniqueCounts = uniqueCounts;
		this.store = store;
		this.flusher = flusher;
		this.registry = registry;
		this.clock = clock;
	}

	/**
	 * Shows the buffer, one page of pending deltas at a time.
	 * @param limit the most deltas to list, 1 to 1000 (default 100)
	 * @param cursor the {@code nextCursor} of the previous page
	 * @return the overview
	 */
	@ReadOperation
	public WebEndpointResponse<Object> counters(@Nullable Integer limit, @Nullable String cursor) {
		return respond(() -> describe(null, limit, cursor));
	}

	/**
	 * Shows the pending deltas of one entity, or the dead letters for {@value #DEAD_LETTERS}.
	 * @param entity an entity name, or {@value #DEAD_LETTERS}
	 * @param limit the most entries to list, 1 to 1000 (default 100)
	 * @param cursor the {@code nextCursor} of the previous page
	 * @return the overview or the dead letters
	 */
	@ReadOperation
	public WebEndpointResponse<Object> entity(@Selector String entity, @Nullable Integer limit,
			@Nullable String cursor) {
		return respond(() -> {
			if (DEAD_LETTERS.equals(entity)) {
				return Map.of("deadLetters", this.store.deadLetters(limit(limit)));
			}
			this.registry.table(entity);
			return describe(entity, limit, cursor);
		});
	}

	/**
	 * Runs an operator action: {@code flush} (the default) writes everything pending now and
	 * returns the result; {@code pause} and {@code resume} stop and restart scheduled flushes on
	 * this instance.
	 * @param action {@code flush}, {@code pause} or {@code resume}
	 * @return the flush result, or the new state
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Nullable String action) {
		return respond(() -> {
			String chosen = (action != null) ? action : "flush";
			switch (chosen) {
				case "flush" -> {
					return this.flusher.flush();
				}
				case "pause" -> this.flusher.pause();
				case "resume" -> this.flusher.resume();
				default -> throw new IllegalArgumentException(
						"Unknown action '" + chosen + "'; valid actions are flush, pause and resume");
			}
			return Map.of("paused", this.flusher.isPaused());
		});
	}

	/**
	 * Buffers dead letters again: one key, or up to 1000 per shard.
	 * @param target must be {@value #DEAD_LETTERS}
	 * @param key the key of one dead letter, as listed
	 * @return how many were buffered again
	 */
	@WriteOperation
	public WebEndpointResponse<Object> retry(@Selector String target, @Nullable String key) {
		return respond(() -> {
			requireDeadLetters(target);
			return Map.of("retried", this.store.retryDeadLetters(key));
		});
	}

	/**
	 * Deletes dead letters: one key, or up to 1000 per shard.
	 * @param target must be {@value #DEAD_LETTERS}
	 * @param key the key of one dead letter, as listed
	 * @return how many were deleted
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> discard(@Selector String target, @Nullable String key) {
		return respond(() -> {
			requireDeadLetters(target);
			return Map.of("discarded", this.store.discardDeadLetters(key));
		});
	}

	private static WebEndpointResponse<Object> respond(Supplier<Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(Map.of("status", 400, "error", "Bad Request", "message", ex.getMessage()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	private static void requireDeadLetters(String target) {
		if (!DEAD_LETTERS.equals(target)) {
			throw new IllegalArgumentException(
					"Unknown target '" + target + "'; only '" + DEAD_LETTERS + "' can be retried or discarded");
		}
	}

	private CountersDescriptor describe(String entity, Integer limit, String cursor) {
		PendingPage page = this.store.scanPending(entity, cursor, limit(limit));
		List<PendingDeltaDescriptor> pending = page.deltas()
			.stream()
			.map((delta) -> new PendingDeltaDescriptor(delta.key().entity(), delta.key().id(), delta.key().field(),
					delta.delta()))
			.toList();
		String age = this.store.oldestPending()
			.map((oldest) -> Duration.between(oldest, this.clock.instant()).toString())
			.orElse(null);
		return new CountersDescriptor(storeType(this.store), this.store.pendingKeyCount(), pending, page.nextCursor(),
				age, describe(this.flusher.lastFlush()), this.store.deadLetterCount(), this.flusher.isPaused(),
				(this.uniqueCounts != null) ? this.uniqueCounts.markedCells() : null);
	}

	private static LastFlushDescriptor describe(LastFlush last) {
		if (last == null) {
			return null;
		}
		FlushResult result = last.result();
		return new LastFlushDescriptor(last.time().toString(), result.batches(), result.keys(), result.rows(),
				result.duration().toString(), last.outcome());
	}

	private static int limit(Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
		}
		return limit;
	}

	/**
	 * Returns the name of a store type as configured: {@code redis}, {@code memory} or the class.
	 * @param store the store
	 * @return the name
	 */
	public static String storeType(DeltaStore store) {
		if (store instanceof AggregatingDeltaStore aggregating) {
			return storeType(aggregating.delegate());
		}
		String name = store.getClass().getSimpleName();
		return switch (name) {
			case "RedisDeltaStore" -> "redis";
			case "MemoryDeltaStore" -> "memory";
			default -> name;
		};
	}

}
