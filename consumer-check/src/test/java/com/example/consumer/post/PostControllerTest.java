package com.example.consumer.post;

import io.github.bufferedcounter.BufferedCounters;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

/** A controller slice: no persistence unit, so the starter backs off and the counters are mocked. */
@WebMvcTest(PostController.class)
class PostControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private BufferedCounters counters;

	@Test
	void aViewIncrementsThePostsViews() {
		assertThat(this.mvc.post().uri("/posts/7/views")).hasStatusOk();

		then(this.counters).should().increment(Post_.views, 7L, 1);
	}

	@Test
	void theViewsAreReadFromTheCounters() {
		given(this.counters.current(Post_.views, 7L)).willReturn(4L);

		assertThat(this.mvc.get().uri("/posts/7/views")).hasStatusOk().bodyText().isEqualTo("4");
	}

}
