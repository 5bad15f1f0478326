package com.example.consumer.post;

import io.github.bufferedcounter.BufferedCounters;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PostController {

	private final BufferedCounters counters;

	PostController(BufferedCounters counters) {
		this.counters = counters;
	}

	@PostMapping("/posts/{id}/views")
	void view(@PathVariable long id) {
		this.counters.increment(Post_.views, id, 1);
	}

	@GetMapping("/posts/{id}/views")
	long views(@PathVariable long id) {
		return this.counters.current(Post_.views, id);
	}

}
