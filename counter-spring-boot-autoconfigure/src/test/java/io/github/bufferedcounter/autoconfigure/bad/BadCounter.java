package io.github.bufferedcounter.autoconfigure.bad;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class BadCounter {

	@Id
	private Long id;

	@BufferedCounter
	private String title;

}
