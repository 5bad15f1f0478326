package io.github.bufferedcounter.slice;

import io.github.bufferedcounter.BufferedCounters;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StoryController {

	private final BufferedCounters counters;

	StoryController(BufferedCounters counters) {
		this.counters = counters;
	}

	@PostMapping("/stories/{id}/views")
	long view(@PathVariable long id) {
		this.counters.increment(Story.class, id, "views", 1);
		return this.counters.current(Story.class, id, "views");
	}

}
