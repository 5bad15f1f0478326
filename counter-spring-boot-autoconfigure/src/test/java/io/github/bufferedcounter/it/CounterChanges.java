package io.github.bufferedcounter.it;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.bufferedcounter.CounterChangedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Listens to counter change events as an application would: collects every event, collects
 * those that reached 1000 views through a listener condition, and, while told to, throws from
 * a listener that runs after the others.
 */
public class CounterChanges {

	private final List<CounterChangedEvent> all = new CopyOnWriteArrayList<>();

	private final List<CounterChangedEvent> thousandViews = new CopyOnWriteArrayList<>();

	private volatile boolean failing;

	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void collect(CounterChangedEvent event) {
		this.all.add(event);
	}

	@EventListener(condition = "#event.entityName == 'Post' and #event.field == 'viewCount' and #event.reached(1000)")
	void thousandViews(CounterChangedEvent event) {
		this.thousandViews.add(event);
	}

	@EventListener
	@Order(Ordered.LOWEST_PRECEDENCE)
	void failWhenTold(CounterChangedEvent event) {
		if (this.failing) {
			throw new IllegalStateException("listener failure for " + event);
		}
	}

	List<CounterChangedEvent> all() {
		return List.copyOf(this.all);
	}

	List<CounterChangedEvent> of(Class<?> entityType, Object id) {
		return this.all.stream()
			.filter((event) -> event.entityType() == entityType && Objects.equals(event.id(), id))
			.toList();
	}

	List<CounterChangedEvent> thousandViews() {
		return List.copyOf(this.thousandViews);
	}

	void failing(boolean failing) {
		this.failing = failing;
	}

	void clear() {
		this.all.clear();
		this.thousandViews.clear();
		this.failing = false;
	}

}
