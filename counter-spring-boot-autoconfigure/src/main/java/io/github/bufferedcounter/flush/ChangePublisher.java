package io.github.bufferedcounter.flush;

import java.util.List;

import io.github.bufferedcounter.CounterChangedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the changes of a committed batch, one {@link CounterChangedEvent} each, on the
 * flushing thread. A listener that throws is logged at WARN, once per batch, and the remaining
 * events are still published: the counts are in the database already, and a listener must not
 * make the flusher apply or keep anything again.
 */
final class ChangePublisher {

	private static final Log logger = LogFactory.getLog(ChangePublisher.class);

	private final ApplicationEventPublisher publisher;

	ChangePublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void publish(String batchId, List<CounterChangedEvent> changes) {
		int failed = 0;
		Throwable first = null;
		CounterChangedEvent firstEvent = null;
		for (CounterChangedEvent change : changes) {
			try {
				this.publisher.publishEvent(change);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				failed++;
				if (first == null) {
					first = ex;
					firstEvent = change;
				}
			}
		}
		if (first != null) {
			logger.warn("A listener failed on " + failed + " of " + changes.size()
					+ " counter change events of buffered counter batch " + batchId + "; the counts are written. First: "
					+ firstEvent, first);
		}
	}

}
