package io.github.bufferedcounter.sample;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Starts the load demo over HTTP and reports on it.
 *
 * <pre>
 * POST /demo/load[?increments=100000&amp;threads=32&amp;posts=10]  starts a run (202), 409 while one runs
 * GET  /demo/load                                            the current or last run
 * </pre>
 */
@RestController
public class DemoController {

	private final LoadDemo loadDemo;

	private final DemoProperties properties;

	public DemoController(LoadDemo loadDemo, DemoProperties properties) {
		this.loadDemo = loadDemo;
		this.properties = properties;
	}

	@PostMapping("/demo/load")
	public ResponseEntity<LoadStatus> start(@RequestParam(defaultValue = "100000") long increments,
			@RequestParam(required = false) Integer threads, @RequestParam(required = false) Integer posts) {
		try {
			this.loadDemo.start(increments, (threads != null) ? threads : this.properties.threads(),
					(posts != null) ? posts : this.properties.posts());
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		catch (IllegalStateException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, ex.getMessage());
		}
		return ResponseEntity.accepted().location(URI.create("/demo/load")).body(status());
	}

	@GetMapping("/demo/load")
	public LoadStatus status() {
		return this.loadDemo.status()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No load demo has run yet"));
	}

}
